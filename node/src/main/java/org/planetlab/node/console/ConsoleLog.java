package org.planetlab.node.console;

import static java.util.Objects.requireNonNull;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The node's console kept across reboots and crashes: everything the agent writes to its
 * standard output and error also goes to {@code current.log} in the console directory, after
 * what the boot manager wrote before it started the agent ({@link #BOOT_MANAGER}). At the next
 * start that file becomes {@code previous.log}: the last words of the run before, which the
 * node uploads to PLC. The file is written through at every write (the page cache survives a
 * crash of the agent; a kernel panic or power loss may lose the last seconds). It is bounded:
 * past {@code maxBytes} it starts over and the part before is kept as {@code current.log.1}, so
 * the tail is always there.
 */
public final class ConsoleLog {
    /** The console file of the run going on. */
    public static final String CURRENT = "current.log";
    /**
     * What the boot manager wrote before this run's agent started (docs/boot.md): the run's
     * {@code current.log} begins with it, and the boot manager's open file writes on into it.
     */
    public static final String BOOT_MANAGER = "boot-manager.log";
    private static final String STARTED = "current.started";

    private final Path directory;
    private final long maxBytes;
    private final Instant started;
    private final Optional<PreviousRun> previous;

    /** What the run before said: when it started and the end of its console. */
    public record PreviousRun(Instant started, String tail) {
        public PreviousRun {
            requireNonNull(started, "started is null");
            requireNonNull(tail, "tail is null");
        }
    }

    private ConsoleLog(Path directory, long maxBytes, Instant started, Optional<PreviousRun> previous) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.started = started;
        this.previous = previous;
    }

    /**
     * Starts a new run's console in {@code directory}: what the last run wrote becomes
     * {@code previous.log}, whose last {@code tailCharacters} characters {@link #previous} returns.
     */
    public static ConsoleLog open(Path directory, Instant now, long maxBytes, int tailCharacters) {
        requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
            Optional<PreviousRun> previous = Optional.empty();
            Path current = directory.resolve(CURRENT);
            if (Files.exists(current)) {
                Instant before = readStarted(directory.resolve(STARTED));
                move(directory.resolve(CURRENT + ".1"), directory.resolve("previous.log.1"));
                move(current, directory.resolve("previous.log"));
                String tail = tail(directory, tailCharacters);
                previous = tail.isEmpty() ? Optional.empty() : Optional.of(new PreviousRun(before, tail));
            }
            Files.writeString(directory.resolve(STARTED), Long.toString(now.getEpochSecond()), StandardCharsets.US_ASCII);
            Path bootManager = directory.resolve(BOOT_MANAGER);
            if (Files.exists(bootManager)) {
                Files.move(bootManager, current, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.write(current, new byte[0]);
            }
            return new ConsoleLog(directory, maxBytes, now, previous);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the node's console log in " + directory, e);
        }
    }

    /** The run before this one, if it left a console log. */
    public Optional<PreviousRun> previous() {
        return previous;
    }

    public Instant started() {
        return started;
    }

    /** A stream writing to both {@code original} and the console file; installs nothing. */
    public PrintStream tee(PrintStream original) {
        return new PrintStream(new Tee(requireNonNull(original, "original is null")), true, StandardCharsets.UTF_8);
    }

    /** Sends the process's standard output and error through the console file too. */
    public void capture() {
        System.setOut(tee(System.out));
        System.setErr(tee(System.err));
    }

    private static Instant readStarted(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Files.getLastModifiedTime(file.resolveSibling(CURRENT)).toInstant();
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        return text.matches("[0-9]{1,12}") ? Instant.ofEpochSecond(Long.parseLong(text))
                : Files.getLastModifiedTime(file).toInstant();
    }

    private static void move(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(to);
        }
    }

    /** The last characters of previous.log.1 and previous.log together (a partial first character dropped). */
    private static String tail(Path directory, int characters) throws IOException {
        byte[] last = lastBytes(directory.resolve("previous.log"), characters);
        if (last.length < characters) {
            byte[] older = lastBytes(directory.resolve("previous.log.1"), characters - last.length);
            byte[] both = new byte[older.length + last.length];
            System.arraycopy(older, 0, both, 0, older.length);
            System.arraycopy(last, 0, both, older.length, last.length);
            last = both;
        }
        String text = new String(last, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(0) == '\uFFFD') {
            text = text.substring(1);
        }
        return text.length() > characters ? text.substring(text.length() - characters) : text;
    }

    private static byte[] lastBytes(Path file, int count) throws IOException {
        if (!Files.exists(file) || count <= 0) {
            return new byte[0];
        }
        try (RandomAccessFile input = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, input.length() - count);
            byte[] bytes = new byte[(int) (input.length() - start)];
            input.seek(start);
            input.readFully(bytes);
            return bytes;
        }
    }

    /** Writes to the original stream and to the file; a failing file never silences the original. */
    private final class Tee extends OutputStream {
        private final PrintStream original;
        private OutputStream file;
        private long written;

        private Tee(PrintStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            original.write(bytes, offset, length);
            try {
                if (file == null || written + length > maxBytes) {
                    startFile();
                }
                file.write(bytes, offset, length);
                written += length;
            } catch (IOException e) {
                file = null;
            }
        }

        @Override
        public synchronized void flush() {
            original.flush();
        }

        private void startFile() throws IOException {
            Path current = directory.resolve(CURRENT);
            if (file != null) {
                file.close();
                Files.move(current, directory.resolve(CURRENT + ".1"), StandardCopyOption.REPLACE_EXISTING);
                written = 0;
            } else {
                written = Files.exists(current) ? Files.size(current) : 0;
            }
            file = new FileOutputStream(current.toFile(), true);
        }
    }
}
