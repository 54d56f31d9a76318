package org.planetlab.node.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLogTest {
    /** Length, generation, session, CRC. */
    private static final int ENTRY_HEAD = 24;

    @TempDir
    Path directory;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> texts(RecordLog log) {
        Map<String, String> texts = new java.util.TreeMap<>();
        log.records().forEach((name, value) -> texts.put(name, new String(value, StandardCharsets.UTF_8)));
        return texts;
    }

    private RecordLog reopen(RecordLog log) {
        log.close();
        return RecordLog.open(directory);
    }

    @Test
    void putsAndDeletesSurviveAReopenWithoutGrowingTheFiles() throws IOException {
        RecordLog log = RecordLog.open(directory);
        long[] sizes = {Files.size(directory.resolve("log-0")), Files.size(directory.resolve("log-1"))};
        for (int i = 0; i < 100; i++) {
            log.put("vm" + i, bytes("first " + i));
        }
        log.put("vm7", bytes("second"));
        log.delete("vm8");
        log.delete("never-there");

        log = reopen(log);
        Map<String, String> records = texts(log);
        assertThat(records).hasSize(99).containsEntry("vm7", "second").containsEntry("vm0", "first 0").doesNotContainKey("vm8");
        assertThat(new long[] {Files.size(directory.resolve("log-0")), Files.size(directory.resolve("log-1"))}).isEqualTo(sizes);
        assertThat(Files.getPosixFilePermissions(directory.resolve("log-0")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        log.close();
    }

    @Test
    void anEntryTornByACrashIsNotReadNowOrAfterLaterWrites() throws IOException {
        RecordLog log = RecordLog.open(directory);
        log.put("kept", bytes("one"));
        log.put("torn", bytes("two"));
        log.close();
        // The last entry loses its final bytes, as a write cut short by a power failure would.
        Path active = newestFile();
        byte[] content = Files.readAllBytes(active);
        int end = endOfEntries(content);
        overwrite(active, end - 2, 0, 0);

        log = RecordLog.open(directory);
        assertThat(texts(log)).containsExactly(Map.entry("kept", "one"));
        log.put("after", bytes("three"));
        log = reopen(log);
        assertThat(texts(log)).containsOnlyKeys("kept", "after");
        log.close();
    }

    @Test
    void anUnacknowledgedEntryLeftBehindATornOneIsNotReadAfterLaterEntries() throws IOException {
        RecordLog log = RecordLog.open(directory);
        log.put("a", bytes("kept"));
        log.put("b", new byte[40]);
        log.put("c", bytes("written after b, never acknowledged"));
        log.close();
        // b is torn; c, written after it, survived.
        int endOfA = RecordLog.HEADER_BYTES + (ENTRY_HEAD + 3) + (ENTRY_HEAD + 3 + 1 + 4);
        overwrite(newestFile(), endOfA + ENTRY_HEAD + 3 + 1 + 30, 1, 2, 3, 4);

        log = RecordLog.open(directory);
        assertThat(texts(log)).containsExactly(Map.entry("a", "kept"));
        // The next opening's first write (its session entry and d) ends exactly where c begins.
        log.put("d", new byte[40 - (ENTRY_HEAD + 3)]);
        log = reopen(log);
        assertThat(texts(log)).containsOnlyKeys("a", "d");
        log.close();
    }

    @Test
    void aDamagedHeaderOfANewGenerationFallsBackToTheCompleteOlderOne() throws IOException {
        RecordLog log = RecordLog.open(directory);
        Map<String, String> beforeLastPut = Map.of();
        int written = 0;
        while (generation(directory.resolve("log-0")) < 2 && generation(directory.resolve("log-1")) < 2) {
            beforeLastPut = texts(log);
            log.put("vm" + written % 50, bytes("value " + written + " ".repeat(1000)));
            written++;
        }
        log.close();
        // The put that filled the file wrote the next generation; a crash while its header was
        // written leaves that header damaged, and the put unacknowledged.
        overwrite(newestFile(), 9, 1, 2, 3);
        log = RecordLog.open(directory);
        assertThat(texts(log)).isEqualTo(beforeLastPut).isNotEmpty();
        log.close();
    }

    @Test
    void openingWritesNothingSoTheOwnerCanGoOnWriting() {
        RecordLog owner = RecordLog.open(directory);
        owner.put("a", bytes("1"));
        RecordLog reader = RecordLog.open(directory);
        assertThat(texts(reader)).containsExactly(Map.entry("a", "1"));
        reader.close();
        owner.delete("a");
        owner.put("b", bytes("2"));
        owner.close();
        RecordLog reopened = RecordLog.open(directory);
        assertThat(texts(reopened)).containsExactly(Map.entry("b", "2"));
        reopened.close();
    }

    @Test
    void aFullFileMovesTheLiveRecordsToTheOtherAndLargeRecordsGrowIt() throws IOException {
        RecordLog log = RecordLog.open(directory);
        byte[] value = new byte[2048];
        for (int i = 0; i < 5_000; i++) {
            Arrays.fill(value, (byte) ('a' + i % 26));
            log.put("vm" + i % 300, value);
        }
        byte[] large = new byte[(int) RecordLog.DEFAULT_CAPACITY];
        large[large.length - 1] = 42;
        log.put("large", large);

        log = reopen(log);
        Map<String, byte[]> records = log.records();
        assertThat(records).hasSize(301);
        assertThat(records.get("vm299")[0]).isEqualTo((byte) ('a' + 4_799 % 26));
        assertThat(records.get("vm199")[0]).isEqualTo((byte) ('a' + 4_999 % 26));
        assertThat(records.get("large")).isEqualTo(large);
        log.close();
    }

    /** Writes {@code bytes} over the file's at {@code offset}, as a write cut short or a damaged sector would leave them. */
    private static void overwrite(Path file, long offset, int... bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
        for (int value : bytes) {
            buffer.put((byte) value);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(buffer.flip(), offset);
        }
    }

    /** The file whose header holds the higher generation. */
    private Path newestFile() throws IOException {
        return generation(directory.resolve("log-0")) > generation(directory.resolve("log-1"))
                ? directory.resolve("log-0") : directory.resolve("log-1");
    }

    private static long generation(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(16);
            channel.read(header, 0);
            return header.getLong(8);
        }
    }

    /** Offset just past the last entry of the current generation. */
    private static int endOfEntries(byte[] content) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        long headerGeneration = buffer.getLong(8);
        int offset = RecordLog.HEADER_BYTES;
        while (true) {
            int length = buffer.getInt(offset);
            if (length <= 0 || buffer.getLong(offset + 4) != headerGeneration) {
                return offset;
            }
            offset += ENTRY_HEAD + length;
        }
    }
}
