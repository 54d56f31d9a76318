/* What every part of sliver-runner uses; see runner-common.c. */
#ifndef RUNNER_COMMON_H
#define RUNNER_COMMON_H

void die(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));
void write_file(const char *path, const char *text);
void join_cgroups(char **procs_files, int count);
void close_inherited_descriptors(void);
void set_nofile_limit(long limit);
long parse_long(const char *text, const char *what);
int split_request(char *line, char **arguments, int capacity);

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
void remember_arguments(int argc, char **argv);
void rename_process(const char *name);
void leave_host_mount_table(void);

#endif
