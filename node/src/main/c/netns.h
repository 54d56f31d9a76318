/* Network namespaces kept by name; see netns.c. */
#ifndef NETNS_H
#define NETNS_H

int create_network_namespaces(int count, char **paths);
int delete_network_namespaces(int count, char **paths);

#endif
