/*
 * A sliver's writable layer is a btrfs subvolume whose qgroup limit is the sliver's disk quota:
 * the kernel refuses writes past it (EDQUOT) and a new subvolume costs one small tree root.
 */
#define _GNU_SOURCE
#include "disk.h"

#include "runner-common.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/btrfs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

static int open_parent(const char *path, char *name, size_t name_size) {
    char copy[4096];
    if (strlen(path) >= sizeof copy) {
        errno = 0;
        die("path too long: %s", path);
    }
    strcpy(copy, path);
    const char *base = basename(copy);
    if (strlen(base) >= name_size || strlen(base) == 0) {
        errno = 0;
        die("bad subvolume name in %s", path);
    }
    strcpy(name, base);
    strcpy(copy, path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        die("open parent of %s", path);
    }
    return fd;
}

int disk_limit(const char *path, long quota_bytes) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        die("open %s", path);
    }
    struct btrfs_ioctl_qgroup_limit_args limit;
    memset(&limit, 0, sizeof limit);
    limit.qgroupid = 0; /* the subvolume the descriptor is on */
    limit.lim.flags = BTRFS_QGROUP_LIMIT_MAX_RFER;
    limit.lim.max_rfer = (__u64) quota_bytes;
    if (ioctl(fd, BTRFS_IOC_QGROUP_LIMIT, &limit) != 0) {
        die("set disk quota on %s", path);
    }
    close(fd);
    return 0;
}

int disk_create(const char *path, long quota_bytes) {
    disk_create_subvolume(path);
    return disk_limit(path, quota_bytes);
}

void disk_create_subvolume(const char *path) {
    struct stat existing;
    if (stat(path, &existing) != 0) {
        char name[BTRFS_PATH_NAME_MAX + 1];
        int parent = open_parent(path, name, sizeof name);
        struct btrfs_ioctl_vol_args args;
        memset(&args, 0, sizeof args);
        memcpy(args.name, name, strlen(name) + 1);
        if (ioctl(parent, BTRFS_IOC_SUBVOL_CREATE, &args) != 0) {
            die("create subvolume %s (is the sliver disk a btrfs with quota enabled?)", path);
        }
        close(parent);
    }
    errno = 0;
}

int disk_remove(const char *path) {
    struct stat existing;
    if (stat(path, &existing) != 0) {
        return 0;
    }
    char name[BTRFS_PATH_NAME_MAX + 1];
    int parent = open_parent(path, name, sizeof name);
    struct btrfs_ioctl_vol_args args;
    memset(&args, 0, sizeof args);
    memcpy(args.name, name, strlen(name) + 1);
    if (ioctl(parent, BTRFS_IOC_SNAP_DESTROY, &args) != 0) {
        die("delete subvolume %s", path);
    }
    close(parent);
    return 0;
}

/* A spare subvolume with the overlay's directories (lower: the image's mount point), for a sliver not known yet (see standby). */
void disk_prepare_spare(const char *path) {
    char directory[4096];
    disk_create_subvolume(path);
    snprintf(directory, sizeof directory, "%s/upper", path);
    if (mkdir(directory, 0755) != 0 && errno != EEXIST) {
        die("mkdir %s", directory);
    }
    snprintf(directory, sizeof directory, "%s/work", path);
    if (mkdir(directory, 0700) != 0 && errno != EEXIST) {
        die("mkdir %s", directory);
    }
    snprintf(directory, sizeof directory, "%s/lower", path);
    if (mkdir(directory, 0700) != 0 && errno != EEXIST) {
        die("mkdir %s", directory);
    }
    errno = 0;
}
