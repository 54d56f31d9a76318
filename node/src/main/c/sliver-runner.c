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
 *   sliver-runner netns-create PATH...           network namespaces owned by new user namespaces (see create_network_namespaces)
 *   sliver-runner netns-delete PATH...           lets go of named network namespaces, as `ip netns del`
 *   sliver-runner serve                          runs requests read from standard input (see serve())
 *   sliver-runner standby ...                    prepares for one start and waits for it (see standby())
 *   sliver-runner hold-mounts                    keeps a mount namespace for standby runners to copy (see hold_mounts())
 *
 * Every failure prints one line "error: what failed: why" on standard error and exits 1. Nothing
 * here goes through a shell. See docs/node-agent.md for the layout it builds.
 */
#define _GNU_SOURCE
#include "sliver-runner.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sched.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/statfs.h>
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

static int usage(void) {
    fputs("usage: sliver-runner start|exec|disk-create|disk-limit|disk-remove|connect|netns-create|netns-delete|serve|standby|hold-mounts ...\n",
            stderr);
    return 2;
}

static int dispatch(int argc, char **argv);

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
        char *arguments[256];
        int count = split_request(line, arguments, 256);
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

/*
 * "sliver-runner netns-create PATH...": for each path, a new network namespace owned by a new
 * user namespace (without a uid map yet), kept alive by a bind mount at PATH as `ip netns add`
 * keeps its own, so `ip -n NAME` and `ip link ... netns NAME` work with it.
 *
 * Host root still administers such a namespace (the host's user namespace is the parent of its
 * owner). What the ownership adds is that the sliver's root, once its user namespace is the
 * owner's, holds CAP_NET_RAW and CAP_NET_ADMIN over this one network namespace: raw and packet
 * sockets that see only the sliver's own interfaces.
 *
 * prepare_directory makes the namespace directory a shared mount point, as iproute2 does, so
 * later mounts propagate to mount namespaces made from the host's.
 */
static void prepare_directory(const char *path) {
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", path);
    const char *directory = dirname(copy);
    if (mkdir(directory, 0755) != 0 && errno != EEXIST) {
        die("mkdir %s", directory);
    }
    if (mount("", directory, "none", MS_SHARED, NULL) != 0) {
        if (errno != EINVAL || mount(directory, directory, "none", MS_BIND | MS_REC, NULL) != 0
                || mount("", directory, "none", MS_SHARED, NULL) != 0) {
            die("make %s a shared mount point", directory);
        }
    }
    errno = 0;
}

/* A child that creates the two namespaces and lives until its network namespace is mounted. */
static void create_one(const char *path) {
    /* A file left by a crash between its creation and the mount is used again; a namespace is not. */
    int file = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0);
    struct statfs filesystem;
    if (file < 0 || fstatfs(file, &filesystem) != 0) {
        die("create %s", path);
    }
    close(file);
    if (filesystem.f_type == NSFS_MAGIC) {
        errno = 0;
        die("a network namespace is already kept at %s", path);
    }
    int ready, done;
    pid_t child = start_namespace_helper(-1, CLONE_NEWUSER | CLONE_NEWNET, &ready, &done);
    if (helper_entered(ready) != 0) {
        unlink(path);
        errno = 0;
        die("the namespace helper for %s failed", path);
    }
    char source[64];
    snprintf(source, sizeof source, "/proc/%d/ns/net", child);
    if (mount(source, path, "none", MS_BIND, NULL) != 0) {
        int saved = errno;
        unlink(path);
        errno = saved;
        die("bind the network namespace to %s", path);
    }
    close(done);
    waitpid(child, NULL, 0);
}

/* "sliver-runner netns-delete PATH...": what `ip netns del` does, for namespaces of any owner. */
int delete_network_namespaces(int count, char **paths) {
    if (host_mount_namespace >= 0 && setns(host_mount_namespace, CLONE_NEWNS) != 0) {
        die("return to the host's mount namespace");
    }
    for (int i = 0; i < count; i++) {
        umount2(paths[i], MNT_DETACH);
        if (unlink(paths[i]) != 0 && errno != ENOENT) {
            die("remove %s", paths[i]);
        }
        errno = 0;
    }
    return 0;
}

int create_network_namespaces(int count, char **paths) {
    /* A serving runner lives in a mount namespace of its own; the files belong in the host's. */
    if (host_mount_namespace >= 0 && setns(host_mount_namespace, CLONE_NEWNS) != 0) {
        die("return to the host's mount namespace");
    }
    for (int i = 0; i < count; i++) {
        if (paths[i][0] != '/') {
            errno = 0;
            die("namespace path %s is not absolute", paths[i]);
        }
        if (i == 0) {
            prepare_directory(paths[i]);
        }
        create_one(paths[i]);
    }
    return 0;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    if (argc == 2 && strcmp(argv[1], "serve") == 0) {
        return serve();
    }
    if (argc == 2 && strcmp(argv[1], "hold-mounts") == 0) {
        return hold_mounts();
    }
    if (argc >= 2 && strcmp(argv[1], "standby") == 0) {
        return standby(argc - 2, argv + 2);
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
    if (strcmp(mode, "netns-create") == 0 && argc >= 3) {
        return create_network_namespaces(argc - 2, argv + 2);
    }
    if (strcmp(mode, "netns-delete") == 0 && argc >= 3) {
        return delete_network_namespaces(argc - 2, argv + 2);
    }
    return usage();
}
