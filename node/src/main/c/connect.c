/*
 * "sliver-runner connect SOCKET": a minimal Unix socket client for scripts, e.g. inside a sliver
 * whose image has no socat: sends standard input to the socket, half-closes, and copies the
 * answer to standard output.
 *
 *   echo '{"id":1,"method":"WhoAmI"}' | sliver-runner connect /.planetlab/node-manager.sock
 */
#define _GNU_SOURCE
#include "connect.h"

#include "runner-common.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void copy(int from, int to) {
    char buffer[65536];
    ssize_t length;
    while ((length = read(from, buffer, sizeof buffer)) > 0) {
        for (ssize_t written = 0; written < length;) {
            ssize_t count = write(to, buffer + written, (size_t) (length - written));
            if (count <= 0) {
                die("write");
            }
            written += count;
        }
    }
    if (length < 0) {
        die("read");
    }
}

int connect_socket(const char *path) {
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof address.sun_path) {
        errno = 0;
        die("socket path too long: %s", path);
    }
    strcpy(address.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *) &address, sizeof address) != 0) {
        die("connect %s", path);
    }
    copy(0, fd);
    shutdown(fd, SHUT_WR);
    copy(fd, 1);
    close(fd);
    return 0;
}
