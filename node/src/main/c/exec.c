/*
 * "sliver-runner exec": runs a command inside a running sliver, as a given uid of the sliver.
 *
 *   sliver-runner exec --pid INIT_PID [--uid N] [--gid N] [--cwd DIR] [--env K=V]...
 *                      [--cgroup-procs FILE]... -- COMMAND ARGS...
 *
 * The process joins the sliver's cgroups first, so whatever it starts is counted and limited
 * with the sliver, then its namespaces: those owned by the host's user namespace (network, uts,
 * ipc, pid) while it still has the power to, then the sliver's user namespace, mount and cgroup
 * namespaces. A child does the exec (a pid namespace applies to children) and this process
 * waits for it and exits with its status, so callers see the command's exit code.
 */
#define _GNU_SOURCE
#include "exec.h"

#include "runner-common.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_LIST 32

struct exec_options {
    long pid;
    long uid;
    long gid;
    const char *cwd;
    char *environment[MAX_LIST + 1];
    int environment_count;
    char *cgroups[MAX_LIST];
    int cgroup_count;
    char **command;
};

static const char *const NAMESPACES[] = {"net", "uts", "ipc", "pid", "user", "mnt", "cgroup"};
static const int NAMESPACE_FLAGS[] = {CLONE_NEWNET, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID,
    CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWCGROUP};
#define NAMESPACE_COUNT 7

static void parse_options(int argc, char **argv, struct exec_options *options) {
    memset(options, 0, sizeof *options);
    options->cwd = "/";
    options->pid = -1;
    int i = 0;
    for (; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
        if (i + 1 >= argc) {
            errno = 0;
            die("option %s has no value", argv[i]);
        }
        const char *key = argv[i];
        char *value = argv[i + 1];
        if (strcmp(key, "--pid") == 0) options->pid = parse_long(value, key);
        else if (strcmp(key, "--uid") == 0) options->uid = parse_long(value, key);
        else if (strcmp(key, "--gid") == 0) options->gid = parse_long(value, key);
        else if (strcmp(key, "--cwd") == 0) options->cwd = value;
        else if (strcmp(key, "--env") == 0 && options->environment_count < MAX_LIST)
            options->environment[options->environment_count++] = value;
        else if (strcmp(key, "--cgroup-procs") == 0 && options->cgroup_count < MAX_LIST)
            options->cgroups[options->cgroup_count++] = value;
        else {
            errno = 0;
            die("unknown option %s", key);
        }
    }
    if (options->pid <= 0 || i + 1 >= argc) {
        errno = 0;
        die("exec needs --pid INIT_PID and -- COMMAND");
    }
    options->command = argv + i + 1;
}

static void copy_nofile_limit(long pid) {
    struct rlimit limit;
    if (prlimit((pid_t) pid, RLIMIT_NOFILE, NULL, &limit) == 0) {
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    errno = 0;
}

static void enter_namespaces(long pid) {
    int fds[NAMESPACE_COUNT];
    /* Open all first: once inside the sliver's mount namespace the host's /proc is out of reach. */
    for (int i = 0; i < NAMESPACE_COUNT; i++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%ld/ns/%s", pid, NAMESPACES[i]);
        fds[i] = open(path, O_RDONLY | O_CLOEXEC);
        if (fds[i] < 0) {
            die("open %s (is the sliver running?)", path);
        }
    }
    for (int i = 0; i < NAMESPACE_COUNT; i++) {
        if (setns(fds[i], NAMESPACE_FLAGS[i]) != 0) {
            die("join the sliver's %s namespace", NAMESPACES[i]);
        }
        close(fds[i]);
    }
}

static int wait_for(pid_t child) {
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            die("waitpid");
        }
    }
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return 128 + WTERMSIG(status);
}

static pid_t child_pid = 0;

static void forward_signal(int signal_number) {
    if (child_pid > 0) {
        kill(child_pid, signal_number);
    }
}

int exec_in_sliver(int argc, char **argv) {
    struct exec_options options;
    parse_options(argc, argv, &options);
    copy_nofile_limit(options.pid);
    join_cgroups(options.cgroups, options.cgroup_count);
    enter_namespaces(options.pid);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    child_pid = fork();
    if (child_pid < 0) {
        die("fork");
    }
    if (child_pid == 0) {
        if (setgroups(0, NULL) != 0 || setresgid((gid_t) options.gid, (gid_t) options.gid, (gid_t) options.gid) != 0
                || setresuid((uid_t) options.uid, (uid_t) options.uid, (uid_t) options.uid) != 0) {
            die("become uid %ld in the sliver", options.uid);
        }
        if (chdir(options.cwd) != 0 && chdir("/") != 0) {
            die("chdir %s", options.cwd);
        }
        close_inherited_descriptors();
        char *default_environment[] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", NULL};
        char **environment = options.environment_count > 0 ? options.environment : default_environment;
        execvpe(options.command[0], options.command, environment);
        die("exec %s", options.command[0]);
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = forward_signal;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    return wait_for(child_pid);
}
