/*
 * What every part of sliver-runner uses: failing with one line, writing kernel files, joining
 * cgroups, closing inherited descriptors, parsing numbers and request lines, and the host's root
 * and mount namespace as a serving or standby runner keeps them.
 */
#define _GNU_SOURCE
#include "runner-common.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
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
int host_mount_namespace = -1;
int mount_namespace_is_own = 0;
int bootscript_gate = -1;
int bootscript_gate_writer = -1;

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
 * those mounts; it reaches them through a descriptor of the host's root. /run/netns is normally a
 * mount point itself (iproute2 makes it one): detaching it takes every namespace mount with it in
 * one unmount, where one unmount per namespace would wait for one RCU grace period each.
 */
void leave_host_mount_table(void) {
    host_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    host_mount_namespace = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
    if (host_root < 0 || host_mount_namespace < 0 || unshare(CLONE_NEWNS) != 0
            || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        die("set up the runner's mount namespace");
    }
    if (umount2("/run/netns", MNT_DETACH) == 0) {
        errno = 0;
        return;
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

/* Splits a request line (arguments separated by tabs) in place; arguments[0] is the program. */
int split_request(char *line, char **arguments, int capacity) {
    size_t length = strlen(line);
    if (length > 0 && line[length - 1] == '\n') {
        line[length - 1] = '\0';
    }
    int count = 0;
    arguments[count++] = "sliver-runner";
    for (char *field = strtok(line, "\t"); field != NULL && count < capacity - 1; field = strtok(NULL, "\t")) {
        arguments[count++] = field;
    }
    arguments[count] = NULL;
    return count;
}

/* The memory /proc/PID/cmdline and /proc/PID/environ read: argv's strings, then environ's. */
static char *arguments_start = NULL;
static char *arguments_end = NULL;
static char *environment_end = NULL;
extern char **environ;

void remember_arguments(int argc, char **argv) {
    if (argc < 1) {
        return;
    }
    arguments_start = argv[0];
    arguments_end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
    environment_end = arguments_end;
    for (char **variable = environ; *variable != NULL; variable++) {
        char *end = *variable + strlen(*variable) + 1;
        if (end > environment_end) {
            environment_end = end;
        }
    }
}

/*
 * Makes this process show as `name` in its /proc files: a sliver's init is a fork of the runner,
 * whose command line names host paths (the runner, disks, cgroups). Changing where the kernel
 * reads the command line (PR_SET_MM) needs CAP_SYS_RESOURCE, which a node agent in a container
 * may lack, so the strings themselves are overwritten, the environment's too. A last byte of
 * the argument area that is not NUL tells the kernel to read the command line as a string, up
 * to its NUL, as it does for setproctitle(3).
 */
void rename_process(const char *name) {
    prctl(PR_SET_NAME, name, 0, 0, 0);
    size_t length = strlen(name);
    if (arguments_start == NULL || (size_t) (arguments_end - arguments_start) < length + 2) {
        return;
    }
    memset(arguments_start, 0, (size_t) (environment_end - arguments_start));
    memcpy(arguments_start, name, length);
    arguments_end[-1] = ' ';
}
