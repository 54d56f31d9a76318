package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.planetlab.node.host.HostCommand;

/**
 * The testbed's network plumbing, made with {@code ip} and {@code nft}: the bridge, a guard
 * table that drops anything from the testbed's subnet trying to leave through another link, and
 * for each host (node or Internet) a network namespace joined to the bridge by a veth pair, with
 * an address on the subnet and no default route. {@link #removeEverything} deletes whatever of
 * it exists, so it also cleans up after a crash.
 */
final class HostNetwork {
    private final HostCommand host;
    private final TestbedLayout layout;

    HostNetwork(HostCommand host, TestbedLayout layout) {
        this.host = requireNonNull(host, "host is null");
        this.layout = requireNonNull(layout, "layout is null");
    }

    void createBridge() {
        host.run(List.of("ip", "link", "add", layout.bridge(), "type", "bridge"));
        host.run(List.of("ip", "addr", "add", layout.plcAddress() + "/24", "dev", layout.bridge()));
        host.run(List.of("ip", "link", "set", layout.bridge(), "up"));
        // Whatever the host's forwarding settings, the testbed's subnet never leaves through another link.
        host.runWithInput(List.of("nft", "-f", "-"), """
                table inet %1$s {
                    chain forward {
                        type filter hook forward priority -50; policy accept;
                        ip saddr %2$s.0/24 oifname != "%3$s*" drop
                        ip daddr %2$s.0/24 iifname != "%3$s*" drop
                    }
                }
                """.formatted(layout.guardTable(), layout.subnet(), layout.prefix()));
    }

    /** A namespace host on the bridge: {@code eth0} inside, with the address and only the subnet's route. */
    void createHost(String namespace, String hostLink, String address) {
        host.run(List.of("ip", "netns", "add", namespace));
        host.run(List.of("ip", "link", "add", hostLink, "type", "veth", "peer", "name", "eth0", "netns", namespace));
        host.run(List.of("ip", "link", "set", hostLink, "master", layout.bridge(), "up"));
        inside(namespace, "ip", "link", "set", "lo", "up");
        inside(namespace, "ip", "addr", "add", address + "/24", "dev", "eth0");
        inside(namespace, "ip", "link", "set", "eth0", "up");
    }

    private void inside(String namespace, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(Arrays.asList(command));
        host.run(full);
    }

    /** Kills every process in a host's namespace, such as the agent a node's reboot started anew. */
    void killEverythingIn(String namespace) {
        for (String pid : host.runAllowingFailure(List.of("ip", "netns", "pids", namespace), null).stdout().lines()
                .map(String::strip).filter(line -> line.matches("[0-9]+")).toList()) {
            host.runAllowingFailure(List.of("kill", "-KILL", pid), null);
        }
    }

    /** Deletes the namespaces, links, bridge and guard table of any testbed with this prefix. */
    void removeEverything() {
        for (String namespace : host.run(List.of("ip", "netns", "list")).lines()
                .map(line -> line.split(" ")[0]).filter(name -> name.startsWith(layout.prefix() + "-")).toList()) {
            // A host's namespace is its machine: whatever still runs there (a reader a killed
            // agent left, a process of a crashed run) goes with it, else it would keep the
            // namespace and the mounts it sees alive after the namespace's name is gone.
            killEverythingIn(namespace);
            host.runAllowingFailure(List.of("ip", "netns", "delete", namespace), null);
        }
        for (String link : host.run(List.of("ip", "-o", "link", "show")).lines()
                .map(line -> line.split(":")[1].strip().split("@")[0])
                .filter(name -> name.startsWith(layout.prefix())).toList()) {
            host.runAllowingFailure(List.of("ip", "link", "delete", link), null);
        }
        host.runAllowingFailure(List.of("nft", "delete", "table", "inet", layout.guardTable()), null);
    }
}
