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
#include "connect.h"
#include "disk.h"
#include "exec.h"
#include "netns.h"
#include "runner-common.h"
#include "standby.h"
#include "start.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int usage(void) {
    fputs("usage: sliver-runner start|exec|disk-create|disk-limit|disk-remove|connect|netns-create|netns-delete|serve|standby|hold-mounts ...\n",
            stderr);
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

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    remember_arguments(argc, argv);
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
