package org.planetlab.bench.audit;

/**
 * Synthetic flows generated inside the archive's engine ({@code INSERT ... SELECT} over
 * ClickHouse's {@code numbers()} or DuckDB's {@code range()}), so that 100 million records are
 * written at the engine's own speed instead of through the API. The shapes follow
 * {@link SyntheticFlows}: destinations by popularity (Zipf, exponent 0.9, by its continuous
 * inverse), TCP 75 %, UDP 22 %, ICMP 3 %, the common ports, mostly short flows and a few cut at the
 * 300 s active timeout, heavy-tailed packet counts, 85 % outbound, each node running 24 of the
 * slices. Unlike the API's fill, the addresses are IPv4 only and a day's starts are spread evenly.
 *
 * <p>The address of a popularity rank is the same function here and in the SQL, so the benchmark
 * asks for addresses the archive holds.
 */
final class BulkFlows {
    private static final long DAY = 86_400_000L;
    private static final int SLICES_PER_NODE = 24;

    private final boolean clickHouse;
    private final int nodes;
    private final int slices;
    private final int distinct;

    BulkFlows(boolean clickHouse, int nodes, int slices, int distinct) {
        this.clickHouse = clickHouse;
        this.nodes = nodes;
        this.slices = slices;
        this.distinct = distinct;
    }

    /** The remote address of popularity rank {@code rank} (0 the most popular), as the SQL writes it. */
    static String remote(long rank) {
        long value = rank * 2_654_435_761L % 4_294_967_296L;
        return (1 + value / 16_777_216 % 190) + "." + (value / 65_536 % 256) + "." + (value / 256 % 256) + "."
                + (value % 256);
    }

    /** The rank a uniform number in [0, 1) draws by popularity, as the SQL draws it. */
    long popularRank(double uniform) {
        return Math.min(distinct - 1, (long) Math.floor(Math.pow(1 + uniform * zipfScale(), 10)) - 1);
    }

    private double zipfScale() {
        return Math.pow(distinct, 0.1) - 1;
    }

    /**
     * The query producing {@code rows} flows of day {@code day} (days since 1970) starting in its
     * first {@code spanMillis}, in the engine's flow-table column order.
     */
    String query(int day, long rows, long spanMillis) {
        long dayStart = day * DAY;
        String n = clickHouse ? "number" : "range";
        String base = "SELECT " + n + " AS i, 1 + " + n + " % " + nodes + " AS node, "
                + integer("floor(" + uniform(1) + " * " + SLICES_PER_NODE + ")") + " AS slot, "
                + "least(" + (distinct - 1) + ", " + integer("floor(pow(1 + " + uniform(2) + " * " + zipfScale()
                + ", 10))") + " - 1) AS popularity, "
                + choose(uniform(3) + " < 0.75", "6", choose(uniform(3) + " < 0.97", "17", "1")) + " AS protocol, "
                + uniform(4) + " AS port_pick, " + dayStart + " + " + integer(uniform(5) + " * " + spanMillis)
                + " AS start, "
                + uniform(6) + " AS length_pick, " + uniform(7) + " AS duration_pick, "
                + "1 + " + integer("least(1000000, 4 / pow(1.0000001 - " + uniform(8) + ", 0.8))") + " AS packets, "
                + uniform(9) + " AS size_pick, " + uniform(10) + " AS answered_pick, " + uniform(11)
                + " AS flags_pick, "
                + uniform(12) + " AS outward_pick, " + uniform(13) + " AS drop_pick, " + uniform(14)
                + " AS ephemeral_pick FROM " + (clickHouse ? "numbers(" + rows + ")" : "range(" + rows + ")");
        String v = "((popularity * 2654435761) % 4294967296)";
        String a = "(1 + " + integer("floor(" + v + " / 16777216)") + " % 190)";
        String b = "(" + integer("floor(" + v + " / 65536)") + " % 256)";
        String c = "(" + integer("floor(" + v + " / 256)") + " % 256)";
        String d = "(" + v + " % 256)";
        String slice = "(1 + (node * 7 + slot * 131) % " + slices + ")";
        String remotePort = choose("protocol = 1", "2048", choose("protocol = 17",
                choose("port_pick < 0.6", "53", choose("port_pick < 0.7", "123", ephemeral())),
                choose("port_pick < 0.5", "443", choose("port_pick < 0.75", "80", choose("port_pick < 0.8", "22",
                        ephemeral())))));
        String packetsIn = choose("protocol = 1 AND answered_pick < 0.5", "0", integer("packets * answered_pick * 2"));
        String end = "start + " + choose("length_pick < 0.9", integer("-2000 * " + (clickHouse ? "log" : "ln")
                + "(1.0000001 - duration_pick)"), choose("length_pick < 0.98", integer("duration_pick * 300000"),
                "300000"));
        String perPacket = "(40 + " + integer("floor(size_pick * 1400)") + ")";
        String keyed = clickHouse ? ", " + (day * 100L) + " + " + integer("floor(i / " + nodes + " / 10000)") + ", "
                + integer("floor(i / " + nodes + ")") + " % 10000" : "";
        return "SELECT start, " + end + ", 0, 281470681743360 + " + a + " * 16777216 + " + b + " * 65536 + " + c
                + " * 256 + " + d + ", node" + keyed + ", " + slice + ", concat('site', " + text(slice + " % 400")
                + ", '_exp', " + text(slice) + "), outward_pick < 0.85, protocol, concat('10.0.', " + text("slot")
                + ", '.2'), 32768 + " + integer("floor(ephemeral_pick * 28000)") + ", concat(" + text("128 + "
                + integer("floor(node / 65536)")) + ", '.', " + text(integer("floor(node / 256)") + " % 256")
                + ", '.', " + text("node % 256") + ", '.10'), 1024 + " + integer("floor(ephemeral_pick * 64000)")
                + ", concat(" + text(a) + ", '.', " + text(b) + ", '.', " + text(c) + ", '.', " + text(d) + "), "
                + remotePort + ", packets, packets * " + perPacket + ", " + packetsIn + ", " + packetsIn + " * "
                + perPacket + ", " + choose("protocol = 6", choose("flags_pick < 0.1", "2", "27"), "0")
                + ", drop_pick < 0.002"
                + " FROM (" + base + ")";
    }

    private String ephemeral() {
        return "1024 + " + integer("floor(ephemeral_pick * 64512)");
    }

    /** A uniform number in [0, 1) from the row's number, different for each {@code stream}. */
    private String uniform(int stream) {
        return clickHouse ? "(cityHash64(number, " + stream + ") / 18446744073709551616.0)"
                : "(hash(range * 1000003 + " + stream + ") / 18446744073709551616.0)";
    }

    private String integer(String expression) {
        return clickHouse ? "toInt64(" + expression + ")" : "CAST(" + expression + " AS BIGINT)";
    }

    private String text(String expression) {
        return clickHouse ? "toString(" + expression + ")" : "CAST(" + expression + " AS VARCHAR)";
    }

    private static String choose(String condition, String then, String otherwise) {
        return "(CASE WHEN " + condition + " THEN " + then + " ELSE " + otherwise + " END)";
    }
}
