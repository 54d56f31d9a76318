package org.planetlab.node.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** The console kept across runs and uploaded to a real PLC after the next start. */
class ConsoleLogTest {
    private static final Instant FIRST_BOOT = Instant.parse("2026-12-06T20:00:00Z");

    @TempDir
    Path directory;

    @Test
    void theNextRunHasTheLastWordsOfTheRunBefore() {
        ConsoleLog first = ConsoleLog.open(directory, FIRST_BOOT, 1024 * 1024, 64);
        assertThat(first.previous()).isEmpty();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream out = first.tee(new PrintStream(terminal, true, StandardCharsets.UTF_8));
        out.println("boot manager: boot state boot");
        out.println("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
        assertThat(terminal.toString(StandardCharsets.UTF_8)).contains("OutOfMemoryError");

        ConsoleLog second = ConsoleLog.open(directory, FIRST_BOOT.plusSeconds(600), 1024 * 1024, 64);
        ConsoleLog.PreviousRun previous = second.previous().orElseThrow();
        assertThat(previous.started()).isEqualTo(FIRST_BOOT);
        assertThat(previous.tail()).hasSize(64).endsWith("java.lang.OutOfMemoryError: Java heap space\n");

        ConsoleLog third = ConsoleLog.open(directory, FIRST_BOOT.plusSeconds(900), 1024 * 1024, 64);
        assertThat(third.previous()).as("the second run said nothing").isEmpty();
    }

    @Test
    void aLongRunKeepsItsTailWithinTheBound() {
        ConsoleLog first = ConsoleLog.open(directory, FIRST_BOOT, 1000, 1500);
        PrintStream out = first.tee(new PrintStream(PrintStream.nullOutputStream()));
        for (int line = 0; line < 500; line++) {
            out.printf("line %04d%n", line);
        }
        assertThat(directory.resolve("current.log")).satisfies(file -> assertThat(file.toFile().length()).isLessThanOrEqualTo(1000));

        String tail = ConsoleLog.open(directory, FIRST_BOOT.plusSeconds(1), 1000, 1500).previous().orElseThrow().tail();
        assertThat(tail).endsWith("line 0499\n").contains("line 0400\n").hasSizeLessThanOrEqualTo(1500);
    }

    @Test
    void thePreviousRunsTailReachesPlcForTheSiteToRead() {
        ConsoleLog first = ConsoleLog.open(directory, FIRST_BOOT, 1024 * 1024, 4096);
        first.tee(new PrintStream(PrintStream.nullOutputStream())).println("kernel: NETDEV WATCHDOG: eth0: transmit timed out");
        ConsoleLog.PreviousRun previous = ConsoleLog.open(directory, Instant.now(), 1024 * 1024, 4096).previous().orElseThrow();
        try (TestingPlc plc = TestingPlc.start(StoreKind.SQLITE)) {
            PlcClient operator = plc.operator(PlcClient.Encoding.JSON);
            long nodeId = new Registry(operator).node(new Registry(operator).site("console"), "n.console.org", "10.9.9.9");
            try (ConsoleUploader upload = ConsoleUploader.start(plc.client(plc.nodeSession(nodeId), PlcClient.Encoding.JSON),
                    previous, Duration.ofMillis(100), 3)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!upload.finished() && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            }
            List<Map<String, Object>> consoles = Registry.rows(operator.call("GetNodeConsoleLogs", nodeId));
            assertThat(consoles).singleElement().satisfies(console -> assertThat(console)
                    .containsEntry("boot_started", FIRST_BOOT.getEpochSecond())
                    .containsEntry("text", "kernel: NETDEV WATCHDOG: eth0: transmit timed out\n"));
        }
    }
}
