package org.planetlab.bench.federation;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalInt;
import org.planetlab.am.AmFace;
import org.planetlab.am.AmSettings;
import org.planetlab.bench.measure.CpuSteal;
import org.planetlab.bench.measure.Latencies;
import org.planetlab.plc.PlcConfig;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Measures the aggregate manager's ListResources (the advertisement RSpec v3 of every node) on a
 * PLC seeded with {@code nodes} nodes at {@code nodes / 4} sites, called over the AM's real TLS
 * endpoint by a GENI user presenting its GID as client certificate and a user credential, as
 * the GENI tools call it: {@code calls} calls after as many warm-up calls, one at a time.
 * Prints p50 / p99 / max, the RSpec's size plain and with {@code geni_compressed}, and the CPU
 * time the host took.
 * Usage: {@code ListResourcesBenchmark [nodes] [calls] [sqlite|postgresql]}.
 */
public final class ListResourcesBenchmark {
    private static final Map<String, Object> GENI_3 = Map.of("geni_rspec_version", Map.of("type", "GENI", "version", "3"));

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        StoreKind store = args.length > 2 ? StoreKind.valueOf(args[2].toUpperCase(java.util.Locale.ROOT)) : StoreKind.SQLITE;
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.start(store, clock)) {
            long seeding = System.nanoTime();
            FederationSeed.seed(testing.plc(), nodes, 0, 0);
            System.err.printf("seeded %,d nodes at %,d sites in %.1f s%n", nodes,
                    (nodes + FederationSeed.NODES_PER_SITE - 1) / FederationSeed.NODES_PER_SITE, (System.nanoTime() - seeding) / 1e9);
            // The aggregate over this PLC on a free port, with PLC's server certificate and slice authority.
            PlcConfig config = PlcConfig.fromDataDir(testing.dataDir(), Map.of("port", "0"));
            try (AmFace.Running am = AmFace.start(testing.plc(), config, new AmSettings(OptionalInt.of(0), OptionalInt.empty()),
                    clock, new SecureRandom())) {
                GeniCaller user = GeniCaller.newUser(am.authority(), am.names().authority(), "bench", am.port(),
                        testing.plc().trust().tlsCaCertificate(), clock);
                CpuSteal steal = new CpuSteal();
                String rspec = "";
                Latencies latencies = new Latencies();
                for (int call = 0; call < 2 * calls; call++) {
                    long started = System.nanoTime();
                    rspec = user.listResources(GENI_3);
                    if (call >= calls) {
                        latencies.add(System.nanoTime() - started);
                    }
                }
                int advertised = count(rspec, "<node ");
                if (advertised != nodes) {
                    throw new IllegalStateException("the advertisement lists " + advertised + " nodes, not " + nodes);
                }
                Map<String, Object> compressed = Map.of("geni_rspec_version", GENI_3.get("geni_rspec_version"),
                        "geni_compressed", true);
                int compressedSize = user.listResources(compressed).length();
                System.out.printf("| nodes | sites | ListResources p50 / p99 / max (ms) | calls | RSpec bytes | compressed (base64) bytes"
                        + " | CPU time taken by the host |%n|---|---|---|---|---|---|---|%n");
                System.out.printf("| %,d | %,d | %.1f / %.1f / %.1f | %d | %,d | %,d | %.0f %% |%n", nodes,
                        (nodes + FederationSeed.NODES_PER_SITE - 1) / FederationSeed.NODES_PER_SITE,
                        latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.percentileMillis(100),
                        latencies.count(), rspec.getBytes(StandardCharsets.UTF_8).length, compressedSize,
                        steal.percentSinceStart());
            }
        }
        System.exit(0);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
