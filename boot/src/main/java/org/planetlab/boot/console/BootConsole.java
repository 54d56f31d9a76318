package org.planetlab.boot.console;

import static java.util.Objects.requireNonNull;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.planetlab.node.console.ConsoleLog;

/**
 * The boot manager's lines in the node's console log (docs/boot.md), so that the console PLC
 * receives after a boot shows the boot manager's part of the boot before, not only the agent's.
 * The boot manager writes to {@value ConsoleLog#BOOT_MANAGER} in the console directory; the
 * agent, when it starts its run's console, takes that file over as the start of its
 * {@code current.log}, and the boot manager's open file then writes on into it. Before each agent
 * start the boot manager begins its file again ({@link #startOver}), so that what it says from
 * then on joins that agent's run. Lines of a boot that started no agent (safeboot, disabled, a
 * failed boot) are added to the end of the run before by the next boot, and reach PLC with it.
 */
public final class BootConsole implements AutoCloseable {
    private final Path directory;
    private OutputStream file;

    private BootConsole(Path directory) {
        this.directory = directory;
    }

    /** Starts the boot manager's console in {@code directory}, the agent's console directory. */
    public static BootConsole open(Path directory) {
        requireNonNull(directory, "directory is null");
        Path own = directory.resolve(ConsoleLog.BOOT_MANAGER);
        try {
            Files.createDirectories(directory);
            if (Files.exists(own)) {
                try (OutputStream current = Files.newOutputStream(directory.resolve(ConsoleLog.CURRENT), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
                    Files.copy(own, current);
                }
                Files.delete(own);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the boot manager's console in " + directory, e);
        }
        BootConsole console = new BootConsole(directory);
        console.startOver();
        return console;
    }

    /**
     * Writes from now on to a {@value ConsoleLog#BOOT_MANAGER} the next agent takes over; call
     * before each agent start. A file no agent took over yet is written on.
     */
    public synchronized void startOver() {
        closeFile();
        try {
            file = new FileOutputStream(directory.resolve(ConsoleLog.BOOT_MANAGER).toFile(), true);
        } catch (IOException e) {
            file = null;
        }
    }

    /** A stream writing to both {@code original} and the console; a failing console never silences the original. */
    public PrintStream tee(PrintStream original) {
        requireNonNull(original, "original is null");
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                append(bytes, offset, length);
            }

            @Override
            public void flush() {
                original.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** Sends the process's standard output and error through the console too. */
    public void capture() {
        System.setOut(tee(System.out));
        System.setErr(tee(System.err));
    }

    @Override
    public synchronized void close() {
        closeFile();
    }

    private synchronized void append(byte[] bytes, int offset, int length) {
        if (file == null) {
            return;
        }
        try {
            file.write(bytes, offset, length);
        } catch (IOException e) {
            closeFile();
        }
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // Nothing more of this file is written either way.
            }
            file = null;
        }
    }
}
