package org.planetlab.node.state;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * One agent's exclusive hold on its state directory, as a lock on {@code agent.lock} in it. Two
 * agents on one directory would append to the same record log and each remove the other's
 * slivers as orphans; the second is refused before it touches anything. The kernel drops the lock
 * when the holding process ends, however it ends, so a crashed agent never blocks its successor.
 *
 * <p>The file holds the holder's pid, for the refusal's message only. Locks are per process, and
 * closing any descriptor of the file would drop this process's lock, so a second hold within one
 * process is refused from memory, without opening the file.
 */
public final class StateLock implements AutoCloseable {
    private static final String FILE = "agent.lock";
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private StateLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the directory, or fails with {@link ErrorCode#IN_USE} naming the holder. */
    public static StateLock acquire(Path stateDirectory) {
        Path directory;
        try {
            directory = stateDirectory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve state directory " + stateDirectory, e);
        }
        if (!HELD_HERE.add(directory)) {
            throw inUse(directory, "this process");
        }
        try {
            FileChannel channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw inUse(directory, holder.isEmpty() ? "another process" : "process " + holder);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(US_ASCII)), 0);
            return new StateLock(directory, channel, lock);
        } catch (IOException e) {
            HELD_HERE.remove(directory);
            throw new UncheckedIOException("cannot lock state directory " + directory, e);
        } catch (RuntimeException e) {
            HELD_HERE.remove(directory);
            throw e;
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), US_ASCII).strip();
        return text.matches("[0-9]{1,10}") ? text : "";
    }

    private static PlanetLabException inUse(Path directory, String holder) {
        return new PlanetLabException(ErrorCode.IN_USE, "state directory " + directory + " is in use by another node agent ("
                + holder + "); stop it, or give this one its own state-dir");
    }

    /** Lets the directory go; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlock state directory " + directory, e);
        } finally {
            HELD_HERE.remove(directory);
        }
    }
}
