/*
 * Network namespaces kept by name: "sliver-runner netns-create PATH..." and "netns-delete PATH...".
 */
#define _GNU_SOURCE
#include "netns.h"

#include "runner-common.h"
#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

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
