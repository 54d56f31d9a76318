/*
 * "sliver-runner standby" and "sliver-runner hold-mounts": the part of a sliver's start done
 * before the sliver is known, and the small mount table standby runners copy.
 */
#define _GNU_SOURCE
#include "standby.h"

#include "disk.h"
#include "runner-common.h"
#include "start.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* The parent pid of a process, from /proc/PID/stat; -1 if it cannot be read. */
static pid_t parent_of(pid_t pid) {
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t length = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
    if (fd >= 0) {
        close(fd);
    }
    if (length <= 0) {
        return -1;
    }
    text[length] = '\0';
    char *end_of_name = strrchr(text, ')');
    int parent = -1;
    if (end_of_name == NULL || sscanf(end_of_name + 1, " %*c %d", &parent) != 1) {
        return -1;
    }
    return parent;
}

/*
 * What leave_host_mount_table gives, without copying the host's table: with 1,000 slivers the
 * host's mount table holds 1,000 namespace mounts, and copying it (then detaching them) holds
 * the kernel's mount namespace lock for milliseconds, which every concurrent sliver start waits
 * for (its unshare, mounts and pivot_root take the same lock). A "hold-mounts" runner, a sibling
 * of this process started by the agent, left the host's table once; this process copies that
 * runner's small table instead. The holder is found by pid through a pidfd, and accepted only if
 * it is still alive and a child of this process's parent (the agent), so a reused pid cannot
 * lend another process's mount namespace.
 */
static void copy_runner_mount_table(const char *holder_text) {
    pid_t holder = (pid_t) parse_long(holder_text, "--mounts-of");
    host_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    host_mount_namespace = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
    int holder_fd = (int) syscall(SYS_pidfd_open, holder, 0);
    if (host_root < 0 || host_mount_namespace < 0 || holder_fd < 0) {
        die("open the mount table of runner %d", holder);
    }
    if (parent_of(holder) != getppid() || syscall(SYS_pidfd_send_signal, holder_fd, 0, NULL, 0) != 0) {
        errno = 0;
        die("process %d is not the agent's hold-mounts runner", holder);
    }
    if (setns(holder_fd, CLONE_NEWNS) != 0 || unshare(CLONE_NEWNS) != 0) {
        die("copy the mount table of runner %d", holder);
    }
    close(holder_fd);
}

/*
 * "sliver-runner hold-mounts": leaves the host's mount table, prints "ready" and keeps that
 * mount namespace until its input ends (the agent ended or died). Standby runners copy it: those
 * the agent starts itself through copy_runner_mount_table, and those it asks this process for.
 *
 * A request is one line, "standby" TAB SOCKET TAB the standby options: this process listens on
 * the Unix socket SOCKET (a path in the spare's directory), forks a standby runner that takes the
 * first connection, and answers with the standby's pid (or a line "error: ..."). The agent then
 * connects and talks to the standby over that connection as over a started runner's standard
 * input and output. So a spare costs a fork of this small process instead of a process launch
 * from the JVM (a fork of the JVM's spawn helper and two execs). The standby serves the agent's
 * own process only (it checks the peer's credentials, and ends otherwise, having done nothing)
 * and keeps nothing of this process but the host's root and mount namespace, which every runner
 * keeps: its standard streams become the connection, every other descriptor is closed. Ended
 * standbys are reaped here (SIGCHLD), so their CPU time counts to this process's children.
 */
static int listen_at(const char *path) {
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof address.sun_path) {
        printf("error: the standby socket path is longer than %zu bytes: %s\n", sizeof address.sun_path - 1, path);
        return -1;
    }
    strcpy(address.sun_path, path);
    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    unlink(path);
    if (listener < 0 || bind(listener, (struct sockaddr *) &address, sizeof address) != 0 || listen(listener, 1) != 0) {
        printf("error: listen on %s: %s\n", path, strerror(errno));
        if (listener >= 0) {
            close(listener);
        }
        return -1;
    }
    return listener;
}

/*
 * In the forked standby: takes the agent's connection (only from the agent's own process, by
 * its credentials), makes it the standard streams and closes every other inherited descriptor.
 */
static void take_connection(int listener, const char *path, pid_t agent, pid_t holder) {
    /* Until the agent connects, the end of the hold-mounts runner (the agent ended) ends this process too. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != holder) {
        _exit(1);
    }
    int connection = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (connection < 0) {
        die("accept on %s", path);
    }
    unlink(path);
    struct ucred peer;
    socklen_t length = sizeof peer;
    if (getsockopt(connection, SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0 || peer.pid != agent || peer.uid != geteuid()) {
        errno = 0;
        die("a process other than the agent connected to %s", path);
    }
    if (dup2(connection, 0) != 0 || dup2(connection, 1) != 1 || dup2(connection, 2) != 2) {
        die("dup2");
    }
    /* From now on the end of the connection (the agent ended or threw the spare away) ends it. */
    prctl(PR_SET_PDEATHSIG, 0);
    __fpurge(stdin);
    clearerr(stdin);
    /* Keep 0-2 and the host's root and mount namespace; both were opened before the others. */
    int keep_high = host_root > host_mount_namespace ? host_root : host_mount_namespace;
    int keep_low = host_root < host_mount_namespace ? host_root : host_mount_namespace;
    if (keep_low < 3 || (keep_low > 3 && syscall(SYS_close_range, 3U, (unsigned) keep_low - 1, 0U) != 0)
            || (keep_high > keep_low + 1 && syscall(SYS_close_range, (unsigned) keep_low + 1, (unsigned) keep_high - 1, 0U) != 0)
            || syscall(SYS_close_range, (unsigned) keep_high + 1, ~0U, 0U) != 0) {
        die("close the descriptors the standby runner inherited");
    }
}

static int prepare_and_wait(int argc, char **argv, int copy_own_table);

static void reap_children(int signal_number) {
    (void) signal_number;
    int saved = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
    errno = saved;
}

int hold_mounts(void) {
    leave_host_mount_table();
    struct sigaction reaper;
    memset(&reaper, 0, sizeof reaper);
    reaper.sa_handler = reap_children;
    reaper.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigemptyset(&reaper.sa_mask);
    sigaction(SIGCHLD, &reaper, NULL);
    printf("ready\n");
    fflush(stdout);
    static char line[65536];
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *arguments[256];
        int count = split_request(line, arguments, 256);
        if (count < 3 || strcmp(arguments[1], "standby") != 0) {
            printf("error: hold-mounts takes only standby requests\n");
            fflush(stdout);
            continue;
        }
        int listener = listen_at(arguments[2]);
        if (listener < 0) {
            fflush(stdout);
            continue;
        }
        pid_t agent = getppid();
        pid_t holder = getpid();
        pid_t standby_pid = fork();
        if (standby_pid == 0) {
            signal(SIGCHLD, SIG_DFL);
            take_connection(listener, arguments[2], agent, holder);
            close(listener);
            _exit(prepare_and_wait(count - 3, arguments + 3, 1));
        }
        close(listener);
        if (standby_pid < 0) {
            printf("error: fork: %s\n", strerror(errno));
        } else {
            printf("%d\n", standby_pid);
        }
        fflush(stdout);
    }
    return 0;
}

/*
 * "sliver-runner standby --disk PATH [--mounts-of PID] [--cgroup-procs FILE]...": does ahead of time the part of a
 * sliver's start that does not depend on the sliver, then waits for the start itself.
 *
 * Joining cgroups is the slow part of a start on cgroup v1: each move takes the kernel's global
 * threadgroup lock for writing, which waits for an RCU grace period (5-15 ms on a loaded
 * machine). A standby runner joins a spare set of cgroups (which the agent renames to the
 * sliver's when it takes them), creates a spare btrfs subvolume with the overlay's directories,
 * and leaves the host's mount table (by copying the hold-mounts runner's, see
 * copy_runner_mount_table, when --mounts-of names it); then it prints "ready" and reads one request line, the
 * arguments of "start" separated by tabs. It runs that start in this process, so the sliver's
 * init is born in the cgroups, prints the answer and "\036EXIT 0", and ends when its input does:
 * until then init waits before it runs the bootscript, so the agent can finish the sliver's
 * limits and files while the start runs. Errors go to
 * standard output too, and end the process without the EXIT line. End of input before a
 * request ends it quietly: the agent threw the spare away.
 *
 * A standby forked by the hold-mounts runner (copy_own_table) is already in that runner's mount
 * namespace and only copies it; --mounts-of is refused there.
 */
#define MAX_STANDBY_CGROUPS 8

int standby(int argc, char **argv) {
    dup2(1, 2);
    return prepare_and_wait(argc, argv, 0);
}

static int prepare_and_wait(int argc, char **argv, int copy_own_table) {
    const char *disk = NULL;
    const char *holder = NULL;
    char *cgroups[MAX_STANDBY_CGROUPS];
    int cgroup_count = 0;
    for (int i = 0; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--disk") == 0) {
            disk = argv[i + 1];
        } else if (strcmp(argv[i], "--mounts-of") == 0 && holder == NULL && !copy_own_table) {
            holder = argv[i + 1];
        } else if (strcmp(argv[i], "--cgroup-procs") == 0 && cgroup_count < MAX_STANDBY_CGROUPS) {
            cgroups[cgroup_count++] = argv[i + 1];
        } else {
            errno = 0;
            die("unknown or repeated standby option %s", argv[i]);
        }
    }
    if (disk == NULL || argc % 2 != 0) {
        errno = 0;
        die("standby needs --disk PATH [--mounts-of PID] [--cgroup-procs FILE]...");
    }
    join_cgroups(cgroups, cgroup_count);
    disk_prepare_spare(disk);
    if (copy_own_table) {
        if (unshare(CLONE_NEWNS) != 0) {
            die("copy the mount table of the hold-mounts runner");
        }
    } else if (holder != NULL) {
        copy_runner_mount_table(holder);
    } else {
        leave_host_mount_table();
    }
    mount_namespace_is_own = 1;
    printf("ready\n");
    fflush(stdout);

    static char line[65536];
    if (fgets(line, sizeof line, stdin) == NULL) {
        return 0;
    }
    char *arguments[256];
    int count = split_request(line, arguments, 256);
    if (count < 2 || strcmp(arguments[1], "start") != 0) {
        errno = 0;
        die("a standby runner only starts a sliver");
    }
    int gate[2];
    if (pipe2(gate, O_CLOEXEC) != 0) {
        die("pipe");
    }
    bootscript_gate = gate[0];
    bootscript_gate_writer = gate[1];
    int code = start_sliver(count - 2, arguments + 2);
    printf("\036EXIT %d\n", code);
    fflush(stdout);
    /* The sliver's init runs its bootscript once this process's input ends and it exits. */
    while (fgets(line, sizeof line, stdin) != NULL) {
    }
    return code;
}
