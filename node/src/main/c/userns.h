/* Entering a sliver's user namespace, and namespace helpers; see userns.c. */
#ifndef USERNS_H
#define USERNS_H

#include <sys/types.h>

/* A helper on its way into the sliver's user namespace. */
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

#endif
