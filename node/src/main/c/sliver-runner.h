/* Shared declarations of sliver-runner; see sliver-runner.c. */
#ifndef SLIVER_RUNNER_H
#define SLIVER_RUNNER_H

#include <sys/types.h>

void die(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));
void write_file(const char *path, const char *text);
void join_cgroups(char **procs_files, int count);
void close_inherited_descriptors(void);
void set_nofile_limit(long limit);
long parse_long(const char *text, const char *what);

/* The host's root directory, opened before a serving runner left the host's mount namespace;
 * -1 when the runner still runs in it. Host paths such as /run/netns/... are opened through it. */
extern int host_root;
/* The host's mount namespace, likewise kept by a serving runner; -1 when it runs in it. */
extern int host_mount_namespace;
/* In a standby runner, a pipe whose end init waits for before the bootscript (see standby()); -1 otherwise. */
extern int bootscript_gate;
extern int bootscript_gate_writer;
/* True in a standby runner: its mount namespace is private and used by nothing else. */
extern int mount_namespace_is_own;
int open_host_path(const char *path, int flags);
void leave_host_mount_table(void);

int start_sliver(int argc, char **argv);
/* A helper on its way into the sliver's user namespace (userns.c). */
struct userns_helper {
    pid_t pid;
    int owner;
    int ready;
    int done;
};
pid_t start_namespace_helper(int join, int flags, int *ready, int *done);
int helper_entered(int ready);
struct userns_helper begin_user_namespace(int netns);
int finish_user_namespace(struct userns_helper *helper, long uid_base, long uid_count);
void reap_helper(const struct userns_helper *helper);
int standby(int argc, char **argv);
int hold_mounts(void);
int create_network_namespaces(int count, char **paths);
int delete_network_namespaces(int count, char **paths);
int split_request(char *line, char **arguments, int capacity);
int exec_in_sliver(int argc, char **argv);
int disk_create(const char *path, long quota_bytes);
void disk_create_subvolume(const char *path);
void disk_prepare_spare(const char *path);
int disk_limit(const char *path, long quota_bytes);
int disk_remove(const char *path);
int connect_socket(const char *path);

#endif
