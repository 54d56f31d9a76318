package org.planetlab.plc.audit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real ClickHouse server for tests (Debian's {@code clickhouse-server}): its own configuration,
 * data directory and loopback ports in a temporary directory, a user {@code plc} with a password,
 * killed and removed by {@link #close}. Each test gets a database of its own ({@link #newDatabase}).
 */
final class ClickHouseServer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/clickhouse-server");
    private static final String PASSWORD = "archive-test";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path directory;
    private final Process process;
    private final int httpPort;

    private ClickHouseServer(Path directory, Process process, int httpPort) {
        this.directory = directory;
        this.process = process;
        this.httpPort = httpPort;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts a server and waits (at most 60 s) until it answers on its HTTP port. */
    static ClickHouseServer start() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("clickhouse-test");
        int httpPort = freePort();
        int tcpPort = freePort();
        Files.writeString(directory.resolve("config.xml"), """
                <?xml version="1.0"?>
                <yandex>
                  <logger><level>warning</level><log>%1$s/server.log</log><errorlog>%1$s/server.err.log</errorlog>
                    <size>10M</size><count>1</count></logger>
                  <listen_host>127.0.0.1</listen_host>
                  <http_port>%2$d</http_port>
                  <tcp_port>%3$d</tcp_port>
                  <path>%1$s/data/</path>
                  <tmp_path>%1$s/data/tmp/</tmp_path>
                  <user_files_path>%1$s/data/user_files/</user_files_path>
                  <format_schema_path>%1$s/data/format_schemas/</format_schema_path>
                  <mark_cache_size>134217728</mark_cache_size>
                  <uncompressed_cache_size>134217728</uncompressed_cache_size>
                  <timezone>UTC</timezone>
                  <default_profile>default</default_profile>
                  <default_database>default</default_database>
                  <users_config>users.xml</users_config>
                </yandex>
                """.formatted(directory, httpPort, tcpPort));
        Files.writeString(directory.resolve("users.xml"), """
                <?xml version="1.0"?>
                <yandex>
                  <profiles><default><max_memory_usage>1000000000</max_memory_usage></default></profiles>
                  <users>
                    <plc><password>%s</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile>
                      <quota>default</quota></plc>
                  </users>
                  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
                    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval>
                  </default></quotas>
                </yandex>
                """.formatted(PASSWORD));
        Process process = new ProcessBuilder(BINARY.toString(), "--config-file=" + directory.resolve("config.xml"))
                .redirectErrorStream(true).redirectOutput(directory.resolve("console.log").toFile()).start();
        // Should the test JVM itself be stopped before close(), the server goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        ClickHouseServer server = new ClickHouseServer(directory, process, httpPort);
        try {
            server.awaitAnswer();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Settings for a database no other test uses (the archive creates it). */
    ClickHouseSettings newDatabase() {
        return new ClickHouseSettings(URI.create("http://127.0.0.1:" + httpPort + "/"), "flows_test_"
                + DATABASES.incrementAndGet(), "plc", PASSWORD);
    }

    private void awaitAnswer() throws IOException, InterruptedException {
        ClickHouseHttp http = new ClickHouseHttp(newDatabase());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("clickhouse-server exited with " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("console.log")));
            }
            try {
                http.query("SELECT 1");
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("clickhouse-server did not answer within 60 s", notYet);
                }
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
