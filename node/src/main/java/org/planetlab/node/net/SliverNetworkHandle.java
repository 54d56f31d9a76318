package org.planetlab.node.net;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * Where an attached sliver's network lives.
 *
 * @param sliverName the sliver
 * @param namespacePath the network namespace file (e.g. {@code /run/netns/...}) a process joins
 *     with {@code nsenter --net=} or {@code setns}
 * @param sliverAddress the sliver's private address inside its namespace
 * @param hostDevice the node-side end of the veth pair
 */
public record SliverNetworkHandle(String sliverName, Path namespacePath, InetAddress sliverAddress, String hostDevice) {
    public SliverNetworkHandle {
        requireNonNull(sliverName, "sliverName is null");
        requireNonNull(namespacePath, "namespacePath is null");
        requireNonNull(sliverAddress, "sliverAddress is null");
        requireNonNull(hostDevice, "hostDevice is null");
    }
}
