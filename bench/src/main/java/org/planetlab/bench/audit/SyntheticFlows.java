package org.planetlab.bench.audit;

import java.util.SplittableRandom;
import org.planetlab.api.audit.FlowRecord;

/**
 * Flow records with the shapes real traffic has, for the archive's and the node store's
 * benchmarks: a few popular destinations take most flows and a long tail of addresses the rest
 * (Zipf over a pool of addresses, 5 % of them IPv6); HTTPS, HTTP and DNS ports dominate, the rest
 * are ephemeral; TCP, UDP and some ICMP; mostly short flows, a few cut at the node's 300 s active
 * timeout; heavy-tailed byte counts; more traffic by day than by night (UTC); each node runs a
 * couple of dozen of the slices. The same seed gives the same records.
 */
final class SyntheticFlows {
    private static final long HOUR = 3_600_000L;
    private static final long ACTIVE_TIMEOUT = 300_000L;
    private static final int SLICES_PER_NODE = 24;

    private final SplittableRandom random;
    private final int nodes;
    private final int slices;
    private final String[] remotes;
    /** Cumulative Zipf weights over {@link #remotes}: the i-th address is chosen with weight 1/(i+1)^0.9. */
    private final double[] cumulative;
    private final String[] sliceNames;
    private final String[] publicAddresses;
    private final String[] sliverAddresses;

    /**
     * @param nodes node ids 1..nodes
     * @param slices slice ids 1..slices
     * @param distinctRemotes how many remote addresses the traffic reaches
     */
    SyntheticFlows(long seed, int nodes, int slices, int distinctRemotes) {
        this.random = new SplittableRandom(seed);
        this.nodes = nodes;
        this.slices = slices;
        remotes = new String[distinctRemotes];
        cumulative = new double[distinctRemotes];
        double total = 0;
        for (int index = 0; index < distinctRemotes; index++) {
            remotes[index] = randomRemote();
            total += 1 / Math.pow(index + 1, 0.9);
            cumulative[index] = total;
        }
        for (int index = 0; index < distinctRemotes; index++) {
            cumulative[index] /= total;
        }
        sliceNames = new String[slices + 1];
        for (int slice = 1; slice <= slices; slice++) {
            sliceNames[slice] = "site" + (slice % 400) + "_exp" + slice;
        }
        publicAddresses = new String[nodes + 1];
        for (int node = 1; node <= nodes; node++) {
            publicAddresses[node] = (128 + node / 65_536) + "." + (node / 256 % 256) + "." + (node % 256) + ".10";
        }
        sliverAddresses = new String[SLICES_PER_NODE];
        for (int index = 0; index < SLICES_PER_NODE; index++) {
            sliverAddresses[index] = "10.0." + index + ".2";
        }
    }

    /** A remote address the records use, by popularity rank (0 the most popular). */
    String remote(int rank) {
        return remotes[rank];
    }

    int distinctRemotes() {
        return remotes.length;
    }

    /** A rank drawn with the traffic's popularity: what a complaint's address typically is. */
    int popularRank() {
        return rank(random.nextDouble());
    }

    /** A rank drawn uniformly: an address that got a few flows, as a scanned host's. */
    int uniformRank() {
        return random.nextInt(remotes.length);
    }

    /** A flow of a random node starting in the hour that begins at {@code hourMillis}. */
    FlowRecord flow(long hourMillis) {
        return flow(1 + random.nextInt(nodes), hourMillis);
    }

    /** A flow of {@code node} starting in the hour that begins at {@code hourMillis}. */
    FlowRecord flow(int node, long hourMillis) {
        int local = random.nextInt(SLICES_PER_NODE);
        int slice = 1 + (node * 7 + local * 131) % slices;
        String remote = remotes[rank(random.nextDouble())];
        double kind = random.nextDouble();
        int protocol = kind < 0.75 ? 6 : kind < 0.97 ? 17 : 1;
        int remotePort;
        if (protocol == 1) {
            remotePort = random.nextDouble() < 0.9 ? 8 * 256 : 3 * 256 + 3;
        } else {
            double port = random.nextDouble();
            remotePort = protocol == 17 ? (port < 0.6 ? 53 : port < 0.7 ? 123 : 1024 + random.nextInt(64_512))
                    : port < 0.5 ? 443 : port < 0.75 ? 80 : port < 0.8 ? 22 : 1024 + random.nextInt(64_512);
        }
        long start = hourMillis + random.nextLong(HOUR);
        double length = random.nextDouble();
        long duration = length < 0.9 ? (long) (-2_000 * Math.log(1 - random.nextDouble()))
                : length < 0.98 ? random.nextLong(ACTIVE_TIMEOUT) : ACTIVE_TIMEOUT;
        long packetsOut = 1 + (long) (4 / Math.pow(1 - random.nextDouble(), 0.8));
        long packetsIn = protocol == 1 && random.nextDouble() < 0.5 ? 0 : (long) (packetsOut * random.nextDouble() * 2);
        long bytesOut = packetsOut * (40 + random.nextInt(1_400));
        long bytesIn = packetsIn * (40 + random.nextInt(1_400));
        int flags = protocol == 6 ? (random.nextDouble() < 0.1 ? 0x02 : 0x1b) : 0;
        boolean outbound = random.nextDouble() < 0.85;
        return new FlowRecord(node, slice, sliceNames[slice], outbound ? FlowRecord.Direction.OUTBOUND
                : FlowRecord.Direction.INBOUND, protocol, start, start + duration, sliverAddresses[local],
                32_768 + random.nextInt(28_000), publicAddresses[node], 1_024 + random.nextInt(64_000), remote,
                remotePort, packetsOut, bytesOut, packetsIn, bytesIn, flags,
                random.nextDouble() < 0.002);
    }

    /**
     * How many of a day's flows start in the hour {@code hourOfDay} (UTC), relative to the
     * average: twice as many in the afternoon as at night.
     */
    static double diurnal(int hourOfDay) {
        return 1 + 0.33 * Math.sin((hourOfDay - 9) * Math.PI / 12);
    }

    private int rank(double uniform) {
        int found = java.util.Arrays.binarySearch(cumulative, uniform);
        return Math.min(remotes.length - 1, found >= 0 ? found : -found - 1);
    }

    private String randomRemote() {
        if (random.nextDouble() < 0.05) {
            return "2001:db8:" + Integer.toHexString(random.nextInt(65_536)) + ":" + Integer.toHexString(random.nextInt(65_536))
                    + "::" + Integer.toHexString(1 + random.nextInt(65_535));
        }
        while (true) {
            int first = 1 + random.nextInt(223);
            if (first == 10 || first == 127 || first == 100 || first == 172 || first == 192) {
                continue;
            }
            return first + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        }
    }
}
