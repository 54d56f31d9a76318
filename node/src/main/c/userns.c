/*
 * "sliver-runner start", its user namespace part: the sliver's user namespace and its uid and gid
 * maps (see the comment below).
 */
#define _GNU_SOURCE
#include "userns.h"

#include "runner-common.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * The sliver's user namespace: the one that owns its network namespace when the network made it
 * so (then sliver root holds CAP_NET_RAW and CAP_NET_ADMIN over its own network, and nothing
 * else of the host's), otherwise a fresh one.
 *
 * Writing a uid or gid map needs a process inside the namespace, so a short-lived helper child
 * joins (or creates) it, the runner, as host root, writes the maps through /proc/<helper>, and
 * keeps a descriptor of the namespace. A namespace owned by a network namespace is made without
 * a map, before its sliver is known; it receives the sliver's range when the sliver starts, and
 * keeps it: a map is written once, so a second start of the same sliver only checks it.
 */
/*
 * A helper child in new or joined namespaces: it joins the user namespace `join` (>= 0) or else
 * unshares `flags`, reports on *ready (read it with helper_entered), and lives until *done is
 * closed, so the caller can write its maps or bind its namespaces meanwhile.
 */
pid_t start_namespace_helper(int join, int flags, int *ready, int *done) {
    int ready_pipe[2], done_pipe[2];
    if (pipe2(ready_pipe, O_CLOEXEC) != 0 || pipe2(done_pipe, O_CLOEXEC) != 0) {
        die("pipe");
    }
    pid_t child = fork();
    if (child < 0) {
        die("fork");
    }
    if (child == 0) {
        char byte = 0;
        close(ready_pipe[0]);
        close(done_pipe[1]);
        int entered = join >= 0 ? setns(join, CLONE_NEWUSER) : unshare(flags);
        if (entered != 0 || write(ready_pipe[1], &byte, 1) != 1) {
            _exit(1);
        }
        if (read(done_pipe[0], &byte, 1) < 0) {
            _exit(1);
        }
        _exit(0);
    }
    close(ready_pipe[1]);
    close(done_pipe[0]);
    *ready = ready_pipe[0];
    *done = done_pipe[1];
    return child;
}

/* Waits for the helper's report and closes *ready's descriptor: 0 once it is in, -1 if it failed. */
int helper_entered(int ready) {
    char byte;
    ssize_t got = read(ready, &byte, 1);
    close(ready);
    return got == 1 ? 0 : -1;
}

/* Writes the map, or, if the namespace already has one, checks that it is this sliver's. */
static void write_or_check_map(pid_t helper, const char *file, const char *map) {
    char path[64], current[256];
    snprintf(path, sizeof path, "/proc/%d/%s", helper, file);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t length = fd < 0 ? -1 : read(fd, current, sizeof current - 1);
    if (fd >= 0) {
        close(fd);
    }
    if (length > 0) {
        current[length] = '\0';
        long first = -1, lower = -1, count = -1, wanted_lower = -1, wanted_count = -1;
        sscanf(current, "%ld %ld %ld", &first, &lower, &count);
        sscanf(map, "%*d %ld %ld", &wanted_lower, &wanted_count);
        if (first != 0 || lower != wanted_lower || count != wanted_count) {
            errno = 0;
            die("the network namespace's user namespace is mapped to another sliver's ids (%ld %ld %ld)", first, lower, count);
        }
        return;
    }
    write_file(path, map);
}

static int namespace_of(pid_t helper) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/ns/user", helper);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        die("open %s", path);
    }
    return fd;
}

/* The user namespace owning the network namespace, or -1 if that is the host's (this process's). */
static int owner_of_network(int netns) {
    int owner = ioctl(netns, NS_GET_USERNS);
    if (owner < 0) {
        die("find the owner of the network namespace");
    }
    struct stat owner_stat, own_stat;
    if (fstat(owner, &owner_stat) != 0 || stat("/proc/self/ns/user", &own_stat) != 0) {
        die("stat user namespaces");
    }
    if (owner_stat.st_ino == own_stat.st_ino && owner_stat.st_dev == own_stat.st_dev) {
        close(owner);
        return -1;
    }
    return owner;
}

/*
 * Forks the helper and returns at once, so the runner prepares the disk while the helper is
 * scheduled and enters the namespace (on a busy node, waiting for it to run was a visible part of
 * a start).
 */
struct userns_helper begin_user_namespace(int netns) {
    struct userns_helper helper;
    helper.owner = owner_of_network(netns);
    helper.pid = start_namespace_helper(helper.owner, CLONE_NEWUSER, &helper.ready, &helper.done);
    return helper;
}

/*
 * Waits until the helper is in the namespace, writes (or checks) the maps and returns the
 * namespace. The helper then ends by itself; reap_helper collects it once the start is done.
 */
int finish_user_namespace(struct userns_helper *helper, long uid_base, long uid_count) {
    if (helper_entered(helper->ready) != 0) {
        errno = 0;
        die("the user namespace helper failed");
    }
    char map[64];
    snprintf(map, sizeof map, "0 %ld %ld\n", uid_base, uid_count);
    write_or_check_map(helper->pid, "uid_map", map);
    write_or_check_map(helper->pid, "gid_map", map);
    int userns = helper->owner >= 0 ? helper->owner : namespace_of(helper->pid);
    close(helper->done);
    return userns;
}

void reap_helper(const struct userns_helper *helper) {
    waitpid(helper->pid, NULL, 0);
}
