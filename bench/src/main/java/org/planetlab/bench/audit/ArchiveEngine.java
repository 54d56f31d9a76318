package org.planetlab.bench.audit;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.planetlab.plc.audit.ClickHouseFlowArchive;
import org.planetlab.plc.audit.ClickHouseSettings;
import org.planetlab.plc.audit.DuckDbFlowArchive;
import org.planetlab.plc.audit.FlowArchive;

/**
 * Which archive engine a benchmark runs on, as given on its command line: {@code duckdb} (the
 * default: a file in the benchmark's directory) or {@code clickhouse=http://[user:password@]host:port/}
 * (a running server; the benchmark's tables go into a database of their own, named after the run).
 */
record ArchiveEngine(String name, URI clickHouse) {
    static final String USAGE = "ENGINE is duckdb or clickhouse=http://[user:password@]host:port/";

    /** Whether a command-line argument names an engine (so it may be left out). */
    static boolean isEngine(String argument) {
        return argument.equals("duckdb") || argument.startsWith("clickhouse=");
    }

    static ArchiveEngine parse(String argument) {
        if (argument.equals("duckdb")) {
            return new ArchiveEngine("duckdb", null);
        }
        if (argument.startsWith("clickhouse=")) {
            return new ArchiveEngine("clickhouse", URI.create(argument.substring("clickhouse=".length())));
        }
        throw new IllegalArgumentException("unknown engine " + argument + "; " + USAGE);
    }

    boolean isClickHouse() {
        return clickHouse != null;
    }

    /** The archive named {@code name}: a file in {@code dir}, or a database on the server. */
    FlowArchive open(Path dir, String name) {
        if (!isClickHouse()) {
            return DuckDbFlowArchive.open(dir.resolve(name + ".duckdb"));
        }
        String user = "default";
        String password = "";
        if (clickHouse.getRawUserInfo() != null) {
            String[] account = clickHouse.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(account[0], StandardCharsets.UTF_8);
            password = account.length > 1 ? URLDecoder.decode(account[1], StandardCharsets.UTF_8) : "";
        }
        URI server = URI.create(clickHouse.getScheme() + "://" + clickHouse.getHost() + ":" + clickHouse.getPort() + "/");
        return ClickHouseFlowArchive.open(new ClickHouseSettings(server, "bench_" + name.replace('-', '_'), user,
                password));
    }

    /** Whether the archive {@code name} holds flows already (a kept archive to query again). */
    boolean filled(Path dir, String name) {
        if (!isClickHouse()) {
            return Files.exists(dir.resolve(name + ".duckdb"));
        }
        try (FlowArchive archive = open(dir, name)) {
            return ((ClickHouseFlowArchive) archive).rows() > 0;
        }
    }

    /** Removes the archive {@code name}. */
    void delete(Path dir, String name) throws Exception {
        if (!isClickHouse()) {
            Files.deleteIfExists(dir.resolve(name + ".duckdb"));
            Files.deleteIfExists(dir.resolve(name + ".duckdb.wal"));
            ArchiveIngestBenchmark.delete(dir.resolve(name + ".duckdb.journal"));
            return;
        }
        try (ClickHouseFlowArchive archive = (ClickHouseFlowArchive) open(dir, name)) {
            archive.dropDatabase();
        }
    }
}
