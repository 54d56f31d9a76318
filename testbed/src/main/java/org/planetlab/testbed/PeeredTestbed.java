package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.planetlab.api.client.PlcClient;

/**
 * Two testbeds in a box whose PLCs peer, as PlanetLab Europe and PLC did: each has its own
 * network, nodes and demo site, and each registered the other with AddPeer (its peer key and TLS
 * CA) and pulled its objects with RefreshPeer. PLC A then puts its demo slice on a node of B as
 * well, and B's next refresh gives that node the sliver, with A's demo user's key.
 *
 * <p>The two live in {@code a/} and {@code b/} under the data directory, each a whole testbed
 * that {@link Testbed} starts and removes.
 */
public final class PeeredTestbed {
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(120);

    private final Testbed testbed;

    public PeeredTestbed(Testbed testbed) {
        this.testbed = requireNonNull(testbed, "testbed is null");
    }

    /** Where PLC A's and PLC B's testbeds live. */
    public record Layouts(TestbedLayout a, TestbedLayout b) {
        public Layouts {
            requireNonNull(a, "a is null");
            requireNonNull(b, "b is null");
            if (a.subnet().split("\\.")[1].equals(b.subnet().split("\\.")[1]) || a.prefix().equals(b.prefix())
                    || a.plcPort() == b.plcPort()) {
                throw new IllegalArgumentException("two peered testbeds need subnets that differ in their second"
                        + " number, two prefixes and two ports, not " + a.subnet() + "/" + b.subnet() + ", "
                        + a.prefix() + "/" + b.prefix() + ", " + a.plcPort() + "/" + b.plcPort());
            }
        }

        /**
         * @param dataDir holds {@code a/} and {@code b/}
         * @param nodesA how many nodes PLC A has; B has {@code nodesB}
         */
        public static Layouts of(Path dataDir, int nodesA, int nodesB, String subnetA, String subnetB, int port,
                String prefixA, String prefixB) {
            return new Layouts(new TestbedLayout(dataDir.resolve("a"), nodesA, subnetA, port, prefixA, "a"),
                    new TestbedLayout(dataDir.resolve("b"), nodesB, subnetB, port + 1, prefixB, "b"));
        }
    }

    /** Both started testbeds. */
    public record Started(Testbed.Started a, Testbed.Started b) {}

    /** Whether {@code dataDir} holds a peered pair rather than one testbed. */
    public static boolean isPeered(Path dataDir) {
        return Files.isDirectory(dataDir.resolve("a")) || Files.isDirectory(dataDir.resolve("b"));
    }

    /**
     * Starts both testbeds, peers their PLCs both ways and puts A's demo slice on B's first node;
     * returns once A's demo user logs into it there.
     */
    public Started up(Layouts layouts, PrintWriter out) {
        down(layouts.a().dataDir().getParent(), layouts.a().prefix(), layouts.b().prefix(), out);
        out.println("== PLC A (" + layouts.a().peerName() + ")");
        Testbed.Started a = testbed.up(layouts.a(), out);
        out.println("\n== PLC B (" + layouts.b().peerName() + ")");
        Testbed.Started b = testbed.up(layouts.b(), out);

        addPeer(a.operator(), layouts.b());
        addPeer(b.operator(), layouts.a());
        a.operator().call("RefreshPeer", layouts.b().peerName());
        String slice = TestbedSeed.slice(layouts.a());
        TestbedLayout.TestbedNode nodeOfB = layouts.b().node(1);
        a.operator().call("AddSliceToNodes", slice, List.of(nodeOfB.hostname()));
        b.operator().call("RefreshPeer", layouts.a().peerName());
        out.println("\npeered: " + layouts.a().peerName() + " and " + layouts.b().peerName() + " refreshed each other; "
                + slice + " is on " + nodeOfB.hostname() + " too; waiting for it to be reachable by ssh there...");
        out.flush();
        Path key = layouts.a().demoDir().resolve("id_ed25519");
        if (!new SshProbe(key).awaitLogins(slice, List.of(nodeOfB.address()), LOGIN_TIMEOUT)) {
            out.println("warning: " + slice + " is not reachable on " + nodeOfB.hostname() + " yet; see "
                    + nodeOfB.directory().resolve("agent.log"));
        }
        String text = """
                Two peered PLCs: A in %s (%s), B in %s (%s); each directory's README.txt tells its accounts.
                A's demo slice %s runs on A's nodes and on B's %s, where B knows it, its users and their
                keys as foreign objects of peer %s. Log into it there as A's demo user:
                  ssh -i %s %s@%s
                Pull a peer's changes again with `bin/pl peer refresh <peer>` as either PLC's operator.
                """.formatted(layouts.a().dataDir(), layouts.a().plcUrl(), layouts.b().dataDir(), layouts.b().plcUrl(),
                slice, nodeOfB.hostname(), layouts.a().peerName(), key, slice, nodeOfB.address());
        TestbedSeed.write(layouts.a().dataDir().getParent().resolve("README.txt"), text);
        out.print("\n" + text);
        out.flush();
        return new Started(a, b);
    }

    /** Stops and removes both testbeds (B first: its nodes carry A's slice), and a lone one left in {@code dataDir}. */
    public void down(Path dataDir, String prefixA, String prefixB, PrintWriter out) {
        testbed.down(dataDir.resolve("b"), prefixB, out);
        testbed.down(dataDir.resolve("a"), prefixA, out);
        testbed.down(dataDir, prefixA, out);
    }

    /** What each PLC of the pair runs, and whom it peers with. */
    public String status(Path dataDir) {
        StringBuilder report = new StringBuilder();
        for (String name : List.of("a", "b")) {
            report.append("== PLC ").append(name.toUpperCase(java.util.Locale.ROOT)).append(" (")
                    .append(dataDir.resolve(name)).append(")\n");
            try {
                report.append(testbed.status(dataDir.resolve(name)));
            } catch (RuntimeException e) {
                report.append(e.getMessage()).append('\n');
            }
        }
        return report.toString();
    }

    /** Registers {@code peer}'s PLC at the PLC {@code operator} runs, with its peer key and TLS CA. */
    private static void addPeer(PlcClient operator, TestbedLayout peer) {
        operator.call("AddPeer", Map.of("peername", peer.peerName(), "shortname", peer.peerName(),
                "peer_url", peer.plcUrl() + "/PLCAPI/", "ca_certificate", read(peer.caFile()),
                "public_key", read(peer.plcDir().resolve("peer-key.pub.pem"))));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
