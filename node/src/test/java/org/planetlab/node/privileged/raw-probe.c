/*
 * raw-probe: what a sliver's root does with raw sockets, for the isolation tests (the busybox
 * image has no tcpdump). Built static by RawProbe.java and copied into slivers.
 *
 *   raw-probe capture SECONDS MAX [DEVICE]   packet socket on DEVICE (default: every device of
 *                                            the namespace); one line per IPv4 packet:
 *                                            "DEVICE SOURCE > DESTINATION proto P text T"
 *                                            (T: the longest printable run in it)
 *   raw-probe send-ip SOURCE DESTINATION PORT COUNT TEXT
 *                                            UDP packets with the given (forged) source through a
 *                                            raw IP socket with IP_HDRINCL
 *   raw-probe send-ports SOURCE DESTINATION FIRST COUNT TEXT
 *                                            one such packet to each of COUNT ports from FIRST:
 *                                            COUNT one-packet flows in a few milliseconds
 *   raw-probe send-proto SOURCE DESTINATION PROTOCOL TOS MARK COUNT TEXT
 *                                            IP packets of any protocol (TEXT right after the
 *                                            IP header) with the given TOS byte, from a raw
 *                                            socket carrying SO_MARK MARK (0: none)
 *   raw-probe send-frame DEVICE SOURCE DESTINATION PORT COUNT TEXT
 *                                            the same as Ethernet frames through a packet socket,
 *                                            to the gateway's MAC found in /proc/net/arp
 *
 * Exits 0 when the socket opened and every packet was sent, 2 when the socket was refused.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000L + now.tv_nsec / 1000000L;
}

static void printable_run(const unsigned char *data, size_t length, char *out, size_t size) {
    size_t best_start = 0, best_length = 0, start = 0;
    for (size_t i = 0; i <= length; i++) {
        int printable = i < length && data[i] >= 0x21 && data[i] < 0x7f;
        if (!printable) {
            if (i - start > best_length) {
                best_start = start;
                best_length = i - start;
            }
            start = i + 1;
        }
    }
    if (best_length >= size) {
        best_length = size - 1;
    }
    memcpy(out, data + best_start, best_length);
    out[best_length] = '\0';
}

static int capture(int seconds, int max, const char *device) {
    int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    if (fd < 0) {
        perror("packet socket");
        return 2;
    }
    if (device != NULL) {
        struct sockaddr_ll address = {0};
        address.sll_family = AF_PACKET;
        address.sll_protocol = htons(ETH_P_ALL);
        address.sll_ifindex = (int) if_nametoindex(device);
        if (address.sll_ifindex == 0 || bind(fd, (struct sockaddr *) &address, sizeof address) != 0) {
            perror("bind to device");
            return 1;
        }
    }
    printf("capturing\n");
    fflush(stdout);
    long deadline = now_ms() + seconds * 1000L;
    for (int count = 0; count < max && now_ms() < deadline;) {
        struct pollfd wait = {fd, POLLIN, 0};
        if (poll(&wait, 1, (int) (deadline - now_ms())) <= 0) {
            break;
        }
        unsigned char packet[65536];
        struct sockaddr_ll from;
        socklen_t from_length = sizeof from;
        ssize_t length = recvfrom(fd, packet, sizeof packet, 0, (struct sockaddr *) &from, &from_length);
        if (length < (ssize_t) (ETH_HLEN + sizeof(struct iphdr)) || ntohs(from.sll_protocol) != ETH_P_IP) {
            continue;
        }
        const struct iphdr *ip = (const struct iphdr *) (packet + ETH_HLEN);
        char source[INET_ADDRSTRLEN], destination[INET_ADDRSTRLEN], name[IF_NAMESIZE] = "?", text[128];
        inet_ntop(AF_INET, &ip->saddr, source, sizeof source);
        inet_ntop(AF_INET, &ip->daddr, destination, sizeof destination);
        if_indextoname((unsigned) from.sll_ifindex, name);
        printable_run(packet + ETH_HLEN, (size_t) length - ETH_HLEN, text, sizeof text);
        printf("%s %s > %s proto %d text %s\n", name, source, destination, ip->protocol, text);
        fflush(stdout);
        count++;
    }
    return 0;
}

/* An IPv4 + UDP packet; the kernel fills in the IP checksum and id for raw IP sockets. */
static size_t build_packet(unsigned char *buffer, const char *source, const char *destination, int port,
        const char *text) {
    size_t text_length = strlen(text);
    struct iphdr *ip = (struct iphdr *) buffer;
    struct udphdr *udp = (struct udphdr *) (buffer + sizeof *ip);
    memset(buffer, 0, sizeof *ip + sizeof *udp);
    ip->version = 4;
    ip->ihl = 5;
    ip->ttl = 64;
    ip->protocol = IPPROTO_UDP;
    ip->tot_len = htons((unsigned short) (sizeof *ip + sizeof *udp + text_length));
    inet_pton(AF_INET, source, &ip->saddr);
    inet_pton(AF_INET, destination, &ip->daddr);
    udp->source = htons(40000);
    udp->dest = htons((unsigned short) port);
    udp->len = htons((unsigned short) (sizeof *udp + text_length));
    memcpy(buffer + sizeof *ip + sizeof *udp, text, text_length);
    unsigned long sum = 0;
    const unsigned short *words = (const unsigned short *) ip;
    for (size_t i = 0; i < sizeof *ip / 2; i++) {
        sum += words[i];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    ip->check = (unsigned short) ~sum;
    return sizeof *ip + sizeof *udp + text_length;
}

static int send_ip(const char *source, const char *destination, int port, int count, const char *text) {
    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
    if (fd < 0) {
        perror("raw IP socket");
        return 2;
    }
    unsigned char packet[1500];
    size_t length = build_packet(packet, source, destination, port, text);
    struct sockaddr_in to = {0};
    to.sin_family = AF_INET;
    inet_pton(AF_INET, destination, &to.sin_addr);
    for (int i = 0; i < count; i++) {
        if (sendto(fd, packet, length, 0, (struct sockaddr *) &to, sizeof to) != (ssize_t) length) {
            perror("sendto");
            return 1;
        }
    }
    return 0;
}

static int send_ports(const char *source, const char *destination, int first, int count, const char *text) {
    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
    if (fd < 0) {
        perror("raw IP socket");
        return 2;
    }
    struct sockaddr_in to = {0};
    to.sin_family = AF_INET;
    inet_pton(AF_INET, destination, &to.sin_addr);
    for (int port = first; port < first + count; port++) {
        unsigned char packet[1500];
        size_t length = build_packet(packet, source, destination, port, text);
        if (sendto(fd, packet, length, 0, (struct sockaddr *) &to, sizeof to) != (ssize_t) length) {
            perror("sendto");
            return 1;
        }
    }
    return 0;
}

static int send_proto(const char *source, const char *destination, int protocol, int tos, unsigned int mark,
        int count, const char *text) {
    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
    if (fd < 0) {
        perror("raw IP socket");
        return 2;
    }
    if (mark != 0 && setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof mark) != 0) {
        perror("SO_MARK");
        return 1;
    }
    unsigned char packet[1500];
    size_t text_length = strlen(text);
    struct iphdr *ip = (struct iphdr *) packet;
    memset(ip, 0, sizeof *ip);
    ip->version = 4;
    ip->ihl = 5;
    ip->tos = (unsigned char) tos;
    ip->ttl = 64;
    ip->protocol = (unsigned char) protocol;
    ip->tot_len = htons((unsigned short) (sizeof *ip + text_length));
    inet_pton(AF_INET, source, &ip->saddr);
    inet_pton(AF_INET, destination, &ip->daddr);
    memcpy(packet + sizeof *ip, text, text_length);
    struct sockaddr_in to = {0};
    to.sin_family = AF_INET;
    inet_pton(AF_INET, destination, &to.sin_addr);
    for (int i = 0; i < count; i++) {
        if (sendto(fd, packet, sizeof *ip + text_length, 0, (struct sockaddr *) &to, sizeof to)
                != (ssize_t) (sizeof *ip + text_length)) {
            perror("sendto");
            return 1;
        }
    }
    return 0;
}

/* The MAC of the first complete entry of the ARP table on the device: the gateway's. */
static int gateway_mac(const char *device, unsigned char mac[6]) {
    FILE *table = fopen("/proc/net/arp", "r");
    char line[256];
    if (table == NULL || fgets(line, sizeof line, table) == NULL) {
        return -1;
    }
    while (fgets(line, sizeof line, table) != NULL) {
        char address[64], hardware[64], flags[16], name[64];
        unsigned int bytes[6];
        if (sscanf(line, "%63s %*s %15s %63s %*s %63s", address, flags, hardware, name) == 4
                && strcmp(name, device) == 0 && strcmp(flags, "0x0") != 0
                && sscanf(hardware, "%x:%x:%x:%x:%x:%x", &bytes[0], &bytes[1], &bytes[2], &bytes[3], &bytes[4], &bytes[5]) == 6) {
            for (int i = 0; i < 6; i++) {
                mac[i] = (unsigned char) bytes[i];
            }
            fclose(table);
            return 0;
        }
    }
    fclose(table);
    return -1;
}

static int send_frame(const char *device, const char *source, const char *destination, int port, int count,
        const char *text) {
    int fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
    if (fd < 0) {
        perror("packet socket");
        return 2;
    }
    struct sockaddr_ll to = {0};
    to.sll_family = AF_PACKET;
    to.sll_protocol = htons(ETH_P_IP);
    to.sll_ifindex = (int) if_nametoindex(device);
    to.sll_halen = 6;
    if (to.sll_ifindex == 0 || gateway_mac(device, to.sll_addr) != 0) {
        fprintf(stderr, "no device %s or no gateway in its ARP table\n", device);
        return 1;
    }
    unsigned char packet[1500];
    size_t length = build_packet(packet, source, destination, port, text);
    for (int i = 0; i < count; i++) {
        if (sendto(fd, packet, length, 0, (struct sockaddr *) &to, sizeof to) != (ssize_t) length) {
            perror("sendto");
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 4 && strcmp(argv[1], "capture") == 0) {
        return capture(atoi(argv[2]), atoi(argv[3]), argc > 4 ? argv[4] : NULL);
    }
    if (argc == 7 && strcmp(argv[1], "send-ip") == 0) {
        return send_ip(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]), argv[6]);
    }
    if (argc == 7 && strcmp(argv[1], "send-ports") == 0) {
        return send_ports(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]), argv[6]);
    }
    if (argc == 9 && strcmp(argv[1], "send-proto") == 0) {
        return send_proto(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]), (unsigned int) strtoul(argv[6], NULL, 0),
                atoi(argv[7]), argv[8]);
    }
    if (argc == 8 && strcmp(argv[1], "send-frame") == 0) {
        return send_frame(argv[2], argv[3], argv[4], atoi(argv[5]), atoi(argv[6]), argv[7]);
    }
    fprintf(stderr, "usage: raw-probe capture SECONDS MAX [DEVICE] | send-ip SRC DST PORT COUNT TEXT"
            " | send-ports SRC DST FIRST COUNT TEXT | send-frame DEVICE SRC DST PORT COUNT TEXT\n");
    return 64;
}
