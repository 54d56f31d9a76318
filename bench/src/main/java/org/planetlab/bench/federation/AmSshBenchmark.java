package org.planetlab.bench.federation;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.node.host.HostCommand;
import org.planetlab.testbed.GeniClientRun;
import org.planetlab.testbed.Testbed;
import org.planetlab.testbed.TestbedLayout;
import org.planetlab.testbed.TestbedSeed;

/**
 * Allocate + Provision + geni_start to an SSH-able sliver, through the GENI aggregate of a testbed
 * in a box with one node, as a GENI tool drives it: {@code sfa_client.py} (XML-RPC over TLS with
 * the user's GID, the registry's slice credential) times each round from its Allocate to its first
 * successful SSH login with the key it gave in {@code geni_users}, then deletes the sliver and waits
 * until logins are refused before the next round. Prints every call and the rounds' p50 / p99 / max.
 * Needs root (the testbed); uses its own testbed (prefix plam, 10.86.0.0/24, port 28473) and
 * removes it at the end.
 * Usage: {@code AmSshBenchmark [rounds]} (20 by default).
 */
public final class AmSshBenchmark {
    private AmSshBenchmark() {
    }

    public static void main(String[] arguments) throws Exception {
        int rounds = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 20;
        Path root = Path.of(System.getProperty("planetlab.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("am-ssh");
        TestbedLayout layout = new TestbedLayout(work.resolve("testbed"), 1, "10.86.0", 28473, "plam");
        Testbed testbed = new Testbed(root, HostCommand.onHost());
        PrintWriter out = new PrintWriter(System.out, true);
        Thread cleanup = new Thread(() -> testbed.down(layout.dataDir(), layout.prefix(), out), "am-ssh-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Testbed.Started started = testbed.up(layout, out);
            String email = TestbedSeed.user(layout);
            PlcClient user = started.operator().as(new Credentials.Password(email, started.passwords().get(email)));
            GeniClientRun client = GeniClientRun.prepare(layout, started.operator(), user, work.resolve("client"));
            client.run(layout.node(1), rounds, Duration.ofMinutes(2).multipliedBy(rounds), out);
        } finally {
            testbed.down(layout.dataDir(), layout.prefix(), out);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            deleteClientFiles(work);
        }
    }

    private static void deleteClientFiles(Path work) throws java.io.IOException {
        try (var files = Files.walk(work)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
