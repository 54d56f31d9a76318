/* "sliver-runner connect"; see connect.c. */
#ifndef CONNECT_H
#define CONNECT_H

int connect_socket(const char *path);

#endif
