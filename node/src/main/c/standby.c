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
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
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
 * mount namespace until its input ends (the agent ended or died); standby runners copy it.
 */
int hold_mounts(void) {
    leave_host_mount_table();
    printf("ready\n");
    fflush(stdout);
    char buffer[256];
    while (read(0, buffer, sizeof buffer) > 0) {
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
 */
#define MAX_STANDBY_CGROUPS 8

int standby(int argc, char **argv) {
    dup2(1, 2);
    const char *disk = NULL;
    const char *holder = NULL;
    char *cgroups[MAX_STANDBY_CGROUPS];
    int cgroup_count = 0;
    for (int i = 0; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--disk") == 0) {
            disk = argv[i + 1];
        } else if (strcmp(argv[i], "--mounts-of") == 0 && holder == NULL) {
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
    if (holder != NULL) {
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
