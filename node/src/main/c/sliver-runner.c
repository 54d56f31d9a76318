/*
 * sliver-runner: the node agent's native half. A JVM cannot fork, unshare or setns safely (it is
 * multithreaded), so the agent runs this small program for the kernel work that must happen in
 * a single-threaded process:
 *
 *   sliver-runner start  ...   builds a sliver's namespaces and root and leaves its init running
 *   sliver-runner exec   ...   runs a command inside a running sliver
 *   sliver-runner disk-create PATH QUOTA_BYTES   btrfs subvolume with a qgroup limit
 *   sliver-runner disk-limit  PATH QUOTA_BYTES   changes that limit
 *   sliver-runner disk-remove PATH               deletes the subvolume
 *   sliver-runner connect SOCKET                 relays standard input and output to a Unix socket
 *   sliver-runner serve                          runs requests read from standard input (see serve())
 *
 * Every failure prints one line "error: what failed: why" on standard error and exits 1. Nothing
 * here goes through a shell. See docs/node-agent.md for the layout it builds.
 */
#define _GNU_SOURCE
#include "sliver-runner.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

void die(const char *format, ...) {
    va_list args;
    va_start(args, format);
    fputs("error: ", stderr);
    vfprintf(stderr, format, args);
    if (errno != 0) {
        fprintf(stderr, ": %s", strerror(errno));
    }
    fputc('\n', stderr);
    va_end(args);
    _exit(1);
}

void write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        die("open %s", path);
    }
    size_t length = strlen(text);
    if (write(fd, text, length) != (ssize_t) length) {
        die("write %s", path);
    }
    close(fd);
}

void join_cgroups(char **procs_files, int count) {
    char pid[32];
    snprintf(pid, sizeof pid, "%d", getpid());
    for (int i = 0; i < count; i++) {
        write_file(procs_files[i], pid);
    }
}

void close_inherited_descriptors(void) {
    /* A descriptor leaked into a sliver is a way out of it (CVE-2024-21626). */
    if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
        errno = 0;
        for (int fd = 3; fd < 65536; fd++) {
            close(fd);
        }
    }
}

void set_nofile_limit(long limit) {
    if (limit <= 0) {
        return;
    }
    struct rlimit value = {(rlim_t) limit, (rlim_t) limit};
    if (setrlimit(RLIMIT_NOFILE, &value) != 0) {
        die("setrlimit RLIMIT_NOFILE %ld", limit);
    }
}

long parse_long(const char *text, const char *what) {
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 0) {
        errno = 0;
        die("%s is not a non-negative number: %s", what, text);
    }
    return value;
}

int host_root = -1;

int open_host_path(const char *path, int flags) {
    if (host_root >= 0 && path[0] == '/') {
        return openat(host_root, path + 1, flags);
    }
    return open(path, flags);
}

/*
 * Every network namespace kept by name is a bind mount under /run/netns, so the host's mount
 * table grows by one per sliver, and each sliver's unshare(CLONE_NEWNS) would copy it. A serving
 * runner moves to its own mount namespace (private, so later host mounts do not reach it) without
 * those mounts; it reaches them through a descriptor of the host's root.
 */
void leave_host_mount_table(void) {
    host_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (host_root < 0 || unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        die("set up the runner's mount namespace");
    }
    FILE *mounts = fopen("/proc/self/mountinfo", "re");
    if (mounts == NULL) {
        die("open /proc/self/mountinfo");
    }
    char line[8192];
    static char targets[4096][128];
    int count = 0;
    while (fgets(line, sizeof line, mounts) != NULL && count < 4096) {
        char target[4096];
        if (sscanf(line, "%*s %*s %*s %*s %4095s", target) == 1 && strncmp(target, "/run/netns/", 11) == 0
                && strlen(target) < sizeof targets[0]) {
            strcpy(targets[count++], target);
        }
    }
    fclose(mounts);
    for (int i = 0; i < count; i++) {
        umount2(targets[i], MNT_DETACH);
    }
    errno = 0;
}

static int usage(void) {
    fputs("usage: sliver-runner start|exec|disk-create|disk-limit|disk-remove|connect|serve ...\n", stderr);
    return 2;
}

static int dispatch(int argc, char **argv);

/*
 * The agent keeps one runner serving requests so that each sliver operation costs a fork of this
 * small process instead of a JVM process launch. A request is one line: the arguments of one
 * mode, separated by tabs. Each is run in a forked child whose standard output and error go to
 * this process's standard output; then a line "\036EXIT <code>" ends the answer. End of input
 * ends the server.
 */
static int serve(void) {
    static char line[65536];
    leave_host_mount_table();
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t length = strlen(line);
        if (length > 0 && line[length - 1] == '\n') {
            line[length - 1] = '\0';
        }
        char *arguments[256];
        int count = 0;
        arguments[count++] = "sliver-runner";
        for (char *field = strtok(line, "\t"); field != NULL && count < 255; field = strtok(NULL, "\t")) {
            arguments[count++] = field;
        }
        arguments[count] = NULL;
        fflush(stdout);
        pid_t child = fork();
        if (child == 0) {
            dup2(1, 2);
            int code = dispatch(count, arguments);
            fflush(stdout);
            _exit(code);
        }
        int status = 0;
        if (child < 0 || waitpid(child, &status, 0) < 0) {
            status = 1 << 8;
        }
        printf("\036EXIT %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        fflush(stdout);
    }
    return 0;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    if (argc == 2 && strcmp(argv[1], "serve") == 0) {
        return serve();
    }
    return dispatch(argc, argv);
}

static int dispatch(int argc, char **argv) {
    if (argc < 2) {
        return usage();
    }
    const char *mode = argv[1];
    if (strcmp(mode, "start") == 0) {
        return start_sliver(argc - 2, argv + 2);
    }
    if (strcmp(mode, "exec") == 0) {
        return exec_in_sliver(argc - 2, argv + 2);
    }
    if (strcmp(mode, "disk-create") == 0 && argc == 4) {
        return disk_create(argv[2], parse_long(argv[3], "quota bytes"));
    }
    if (strcmp(mode, "disk-limit") == 0 && argc == 4) {
        return disk_limit(argv[2], parse_long(argv[3], "quota bytes"));
    }
    if (strcmp(mode, "disk-remove") == 0 && argc == 3) {
        return disk_remove(argv[2]);
    }
    if (strcmp(mode, "connect") == 0 && argc == 3) {
        return connect_socket(argv[2]);
    }
    return usage();
}
