/*
 * "sliver-runner start": builds one sliver and leaves its init process running.
 *
 * The order matters for safety. Everything that hides or protects host state (the /proc and
 * /sys masks, read-only /proc/sys, the node manager socket) is mounted while the mount
 * namespace still belongs to the host's user namespace; only then does init enter the sliver's
 * user namespace and take a fresh mount namespace, which makes the kernel lock all those mounts
 * together: sliver root can neither unmount nor remount them, and a new procfs is refused while
 * the masked one exists. The pid, uts and ipc namespaces also belong to the host's user
 * namespace, so sliver root holds no capability over them. The network namespace belongs to the
 * sliver's user namespace when the network made it so (see userns.c): sliver root then
 * administers its own network, raw sockets included, and the node's filters still decide what
 * leaves it.
 */
#define _GNU_SOURCE
#include "start.h"

#include "disk.h"
#include "runner-common.h"
#include "userns.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CGROUPS 8

struct start_options {
    const char *name;
    const char *image;
    const char *root;
    const char *disk;
    long quota_bytes;
    const char *netns;
    long uid_base;
    long uid_count;
    const char *planetlab_dir;
    const char *socket;
    long nofile;
    char *cgroups[MAX_CGROUPS];
    int cgroup_count;
};

static const char *const MASKED_FILES[] = {
    "proc/kcore", "proc/keys", "proc/key-users", "proc/timer_list", "proc/sched_debug",
    "proc/latency_stats", "proc/kallsyms", "proc/kmsg", "proc/kpagecount", "proc/kpageflags",
    "proc/sysrq-trigger", "proc/config.gz", NULL};
static const char *const MASKED_DIRECTORIES[] = {
    "proc/acpi", "proc/asound", "proc/scsi", "proc/driver", "sys/firmware", "sys/kernel/debug",
    "sys/kernel/tracing", "sys/kernel/security", "sys/devices/virtual/powercap", NULL};
static const char *const READ_ONLY[] = {
    "proc/sys", "proc/bus", "proc/fs", "proc/irq", NULL};

static void parse_options(int argc, char **argv, struct start_options *options) {
    memset(options, 0, sizeof *options);
    options->uid_count = 65536;
    for (int i = 0; i + 1 < argc; i += 2) {
        const char *key = argv[i];
        char *value = argv[i + 1];
        if (strcmp(key, "--name") == 0) options->name = value;
        else if (strcmp(key, "--image") == 0) options->image = value;
        else if (strcmp(key, "--root") == 0) options->root = value;
        else if (strcmp(key, "--disk") == 0) options->disk = value;
        else if (strcmp(key, "--quota-bytes") == 0) options->quota_bytes = parse_long(value, key);
        else if (strcmp(key, "--netns") == 0) options->netns = value;
        else if (strcmp(key, "--uid-base") == 0) options->uid_base = parse_long(value, key);
        else if (strcmp(key, "--uid-count") == 0) options->uid_count = parse_long(value, key);
        else if (strcmp(key, "--planetlab-dir") == 0) options->planetlab_dir = value;
        else if (strcmp(key, "--socket") == 0) options->socket = value;
        else if (strcmp(key, "--nofile") == 0) options->nofile = parse_long(value, key);
        else if (strcmp(key, "--cgroup-procs") == 0 && options->cgroup_count < MAX_CGROUPS)
            options->cgroups[options->cgroup_count++] = value;
        else {
            errno = 0;
            die("unknown or repeated option %s", key);
        }
    }
    if (!options->name || !options->image || !options->root || !options->disk
            || !options->netns || !options->uid_base || !options->planetlab_dir || !options->quota_bytes) {
        errno = 0;
        die("start needs --name --image --root --disk --quota-bytes --netns --uid-base --planetlab-dir");
    }
}

static void do_mount(const char *source, const char *target, const char *type, unsigned long flags, const char *data) {
    if (mount(source, target, type, flags, data) != 0) {
        die("mount %s on %s", type ? type : (source ? source : "remount"), target);
    }
}

static char *under(const char *root, const char *relative) {
    static char buffers[4][4096];
    static int next = 0;
    char *buffer = buffers[next++ % 4];
    snprintf(buffer, sizeof buffers[0], "%s/%s", root, relative);
    return buffer;
}

static void make_directory(const char *path, mode_t mode) {
    if (mkdir(path, mode) != 0 && errno != EEXIST) {
        die("mkdir %s", path);
    }
    errno = 0;
}

/*
 * The subvolume and its overlay directories; a standby runner made them before the sliver was
 * known, so the upper layer may still belong to host root and is given to sliver root here.
 * "lower" is where the image is mounted, in the sliver's mount namespace only: beside upper and
 * work, so the overlay is mounted with paths relative to the subvolume and the sliver's mount
 * table names no host directory (the kernel shows the layer paths as they were given).
 */
static void prepare_disk(const struct start_options *options) {
    disk_create(options->disk, options->quota_bytes);
    char *upper = under(options->disk, "upper");
    struct stat existing;
    if (stat(upper, &existing) != 0) {
        errno = 0;
        make_directory(upper, 0755);
        existing.st_uid = 0;
    }
    if (existing.st_uid != (uid_t) options->uid_base
            && chown(upper, (uid_t) options->uid_base, (gid_t) options->uid_base) != 0) {
        die("chown %s", upper);
    }
    make_directory(under(options->disk, "work"), 0700);
    make_directory(under(options->disk, "lower"), 0700);
}

/* The sliver's network namespace, opened through the host's root (see open_host_path). */
static int open_network(const char *netns) {
    int fd = open_host_path(netns, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        die("open network namespace %s", netns);
    }
    return fd;
}

static void enter_network(int netns, const char *path) {
    if (setns(netns, CLONE_NEWNET) != 0) {
        die("join network namespace %s", path);
    }
    close(netns);
}

static void mount_idmapped_image(const struct start_options *options, int userns) {
    int tree = open_tree(AT_FDCWD, options->image, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
    if (tree < 0) {
        die("open_tree %s", options->image);
    }
    struct mount_attr attributes;
    memset(&attributes, 0, sizeof attributes);
    attributes.attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV;
    attributes.userns_fd = (unsigned long long) userns;
    if (mount_setattr(tree, "", AT_EMPTY_PATH, &attributes, sizeof attributes) != 0) {
        die("idmap the image %s", options->image);
    }
    char *lower = under(options->disk, "lower");
    if (move_mount(tree, "", AT_FDCWD, lower, MOVE_MOUNT_F_EMPTY_PATH) != 0) {
        die("move the idmapped image to %s", lower);
    }
    close(tree);
}

static void make_device(const char *root, const char *name, unsigned int major_number, unsigned int minor_number) {
    char *path = under(root, name);
    if (mknod(path, S_IFCHR | 0666, makedev(major_number, minor_number)) != 0 && errno != EEXIST) {
        die("mknod %s", path);
    }
    chmod(path, 0666);
    errno = 0;
}

static void mount_dev(const struct start_options *options) {
    const char *root = options->root;
    char *dev = under(root, "dev");
    make_directory(dev, 0755);
    do_mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=256k,nr_inodes=64");
    make_device(root, "dev/null", 1, 3);
    make_device(root, "dev/zero", 1, 5);
    make_device(root, "dev/full", 1, 7);
    make_device(root, "dev/random", 1, 8);
    make_device(root, "dev/urandom", 1, 9);
    make_device(root, "dev/tty", 5, 0);
    make_directory(under(root, "dev/pts"), 0755);
    make_directory(under(root, "dev/shm"), 01777);
    char data[128];
    snprintf(data, sizeof data, "newinstance,ptmxmode=0666,mode=0620,gid=%ld", options->uid_base + 5);
    do_mount("devpts", under(root, "dev/pts"), "devpts", MS_NOSUID | MS_NOEXEC, data);
    snprintf(data, sizeof data, "mode=1777,uid=%ld,gid=%ld", options->uid_base, options->uid_base);
    do_mount("tmpfs", under(root, "dev/shm"), "tmpfs", MS_NOSUID | MS_NODEV, data);
    const char *links[][2] = {{"pts/ptmx", "dev/ptmx"}, {"/proc/self/fd", "dev/fd"},
        {"/proc/self/fd/0", "dev/stdin"}, {"/proc/self/fd/1", "dev/stdout"}, {"/proc/self/fd/2", "dev/stderr"}};
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        if (symlink(links[i][0], under(root, links[i][1])) != 0 && errno != EEXIST) {
            die("symlink %s", links[i][1]);
        }
    }
    errno = 0;
}

static void mount_planetlab_dir(const struct start_options *options) {
    char *target = under(options->root, ".planetlab");
    make_directory(target, 0755);
    do_mount(options->planetlab_dir, target, NULL, MS_BIND, NULL);
    if (options->socket) {
        do_mount(options->socket, under(options->root, ".planetlab/node-manager.sock"), NULL, MS_BIND, NULL);
    }
    do_mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
    /*
     * /vsys: the sliver's privileged helper endpoints (FIFOs the agent makes and serves in
     * <planetlab-dir>/vsys), read-only, where the original's slices found them.
     */
    char *vsys_source = under(options->planetlab_dir, "vsys");
    char *vsys_target = under(options->root, "vsys");
    make_directory(vsys_source, 0755);
    make_directory(vsys_target, 0755);
    do_mount(vsys_source, vsys_target, NULL, MS_BIND, NULL);
    do_mount(NULL, vsys_target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

static void build_root(const struct start_options *options, int userns) {
    mount_idmapped_image(options, userns);
    if (chdir(options->disk) != 0) {
        die("chdir %s", options->disk);
    }
    do_mount("overlay", options->root, "overlay", MS_NODEV, "lowerdir=lower,upperdir=upper,workdir=work");
    mount_dev(options);
    char *sys = under(options->root, "sys");
    make_directory(sys, 0555);
    do_mount("sysfs", sys, "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    make_directory(under(options->root, "proc"), 0555);
    mount_planetlab_dir(options);
}

static void mask_paths(const char *root) {
    char null_device[4096];
    snprintf(null_device, sizeof null_device, "%s/dev/null", root);
    for (int i = 0; MASKED_FILES[i]; i++) {
        char *path = under(root, MASKED_FILES[i]);
        if (access(path, F_OK) == 0) {
            do_mount(null_device, path, NULL, MS_BIND, NULL);
        }
    }
    /*
     * One empty read-only tmpfs covers every masked directory: the first gets it, the others a
     * read-only bind of it. Each new superblock costs an allocation per memory cgroup on the
     * node, so nine of them were a visible part of a start with 1,000 slivers present.
     */
    char first_mask[4096] = "";
    for (int i = 0; MASKED_DIRECTORIES[i]; i++) {
        char *path = under(root, MASKED_DIRECTORIES[i]);
        if (access(path, F_OK) != 0) {
            continue;
        }
        if (first_mask[0] == '\0') {
            do_mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,nr_inodes=1");
            snprintf(first_mask, sizeof first_mask, "%s", path);
        } else {
            do_mount(first_mask, path, NULL, MS_BIND, NULL);
            do_mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
        }
    }
    for (int i = 0; READ_ONLY[i]; i++) {
        char *path = under(root, READ_ONLY[i]);
        if (access(path, F_OK) == 0) {
            do_mount(path, path, NULL, MS_BIND | MS_REC, NULL);
            do_mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
        }
    }
    errno = 0;
}

static void enter_root(const char *root) {
    if (chdir(root) != 0) {
        die("chdir %s", root);
    }
    if (syscall(SYS_pivot_root, ".", ".") != 0) {
        die("pivot_root into %s", root);
    }
    if (umount2(".", MNT_DETACH) != 0) {
        die("detach the old root");
    }
    if (chdir("/") != 0) {
        die("chdir /");
    }
}

static void become_sliver_root(int userns) {
    if (setns(userns, CLONE_NEWUSER) != 0) {
        die("join the sliver's user namespace");
    }
    if (unshare(CLONE_NEWNS | CLONE_NEWCGROUP) != 0) {
        die("unshare the sliver's mount namespace");
    }
    if (setgroups(0, NULL) != 0 || setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0) {
        die("become root of the sliver");
    }
    /* init stays a host binary: keep sliver processes from tracing it or opening its /proc files. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static void redirect_standard_streams(void) {
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd < 0) {
        die("open /dev/null");
    }
    dup2(null_fd, 0);
    dup2(null_fd, 1);
    dup2(null_fd, 2);
    if (null_fd > 2) {
        close(null_fd);
    }
}

static void run_bootscript(const char *name) {
    struct stat script;
    if (stat("/.planetlab/bootscript", &script) != 0 || script.st_size == 0) {
        return;
    }
    pid_t child = fork();
    if (child != 0) {
        return;
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    setsid();
    int log = open("/var/log/bootscript.log", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log >= 0) {
        dup2(log, 1);
        dup2(log, 2);
    }
    char slice[256];
    snprintf(slice, sizeof slice, "SLICE=%s", name);
    char *const arguments[] = {"sh", "/.planetlab/bootscript", NULL};
    char *const environment[] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME=/root", "USER=root", slice, NULL};
    execve("/bin/sh", arguments, environment);
    _exit(127);
}

/*
 * The sliver's pid 1: starts the bootscript, reaps every process that ends in the sliver (orphans
 * are given to it), and passes a termination request on. SIGTERM from the host (its sender is
 * outside the sliver's pid namespace, so the kernel gives it pid 0) goes to every process of the
 * sliver; init ends once its children have, and the kernel then kills whatever else is left.
 * Signals sent from inside the sliver do not stop it: sliver root may end its own processes, not
 * the sliver.
 */
static void init_loop(const char *name) {
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    run_bootscript(name);
    sigset_t waited;
    sigemptyset(&waited);
    sigaddset(&waited, SIGCHLD);
    sigaddset(&waited, SIGTERM);
    int stopping = 0;
    for (;;) {
        pid_t reaped;
        while ((reaped = waitpid(-1, NULL, WNOHANG)) > 0) {
        }
        if (reaped < 0 && errno == ECHILD && stopping) {
            _exit(0);
        }
        errno = 0;
        siginfo_t info;
        if (sigwaitinfo(&waited, &info) == SIGTERM && info.si_pid == 0 && !stopping) {
            stopping = 1;
            kill(-1, SIGTERM);
            errno = 0;
        }
    }
}

static void run_init(const struct start_options *options, int userns, int ready) {
    rename_process("init");
    do_mount("proc", under(options->root, "proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    mask_paths(options->root);
    enter_root(options->root);
    become_sliver_root(userns);
    close(userns);
    redirect_standard_streams();
    if (write(ready, "ok", 2) != 2) {
        _exit(1);
    }
    close(ready);
    if (bootscript_gate >= 0) {
        char byte;
        while (read(bootscript_gate, &byte, 1) != 0 && errno == EINTR) {
        }
        errno = 0;
    }
    close_inherited_descriptors();
    init_loop(options->name);
}

int start_sliver(int argc, char **argv) {
    struct start_options options;
    parse_options(argc, argv, &options);
    int netns = open_network(options.netns);
    struct userns_helper helper = begin_user_namespace(netns);
    prepare_disk(&options);
    int userns = finish_user_namespace(&helper, options.uid_base, options.uid_count);
    enter_network(netns, options.netns);
    join_cgroups(options.cgroups, options.cgroup_count);
    set_nofile_limit(options.nofile);
    /*
     * A standby runner already has a private mount namespace of its own, which the sliver can
     * take over. Taking a fresh copy would free that one here, and freeing a mount namespace
     * waits for an RCU grace period while the create waits.
     */
    if (unshare((mount_namespace_is_own ? 0 : CLONE_NEWNS) | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID) != 0) {
        die("unshare namespaces");
    }
    if (sethostname(options.name, strlen(options.name)) != 0) {
        die("sethostname %s", options.name);
    }
    do_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
    build_root(&options, userns);
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        die("pipe");
    }
    fflush(stdout);
    pid_t init = fork();
    if (init < 0) {
        die("fork init");
    }
    if (init == 0) {
        close(ready[0]);
        if (bootscript_gate_writer >= 0) {
            close(bootscript_gate_writer);
        }
        run_init(&options, userns, ready[1]);
    }
    close(ready[1]);
    char answer[2];
    if (read(ready[0], answer, 2) != 2) {
        int status = 0;
        waitpid(init, &status, 0);
        errno = 0;
        die("the sliver's init failed before it was ready");
    }
    reap_helper(&helper);
    printf("%d\n", init);
    return 0;
}
