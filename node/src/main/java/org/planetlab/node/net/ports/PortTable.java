package org.planetlab.node.net.ports;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.planetlab.api.error.PlanetLabException;

/**
 * The node's durable record of who holds which port: one file, one hold a line
 * ({@code tcp 8080 princeton_codeen reserved}), rewritten atomically (a new file, fsync'd,
 * renamed over the old one) before the kernel forwards the port, so a restarted agent forwards
 * exactly what it forwarded before and never gives a held port to another slice.
 *
 * <p>Not thread-safe: {@link InboundPorts} serializes its use.
 */
final class PortTable {
    private final Path file;
    private final Map<PortKey, PortHold> holds = new TreeMap<>();

    private PortTable(Path file) {
        this.file = file;
    }

    /** Reads the holds a previous run left in {@code file}, or starts empty. */
    static PortTable open(Path file) {
        requireNonNull(file, "file is null");
        PortTable table = new PortTable(file);
        if (Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        PortHold hold = PortHold.parse(line);
                        table.holds.put(hold.key(), hold);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the port table " + file, e);
            } catch (PlanetLabException e) {
                throw PlanetLabException.invalidArgument(file + ": " + e.getMessage()
                        + "; correct or remove the line (the agent forwards what the table says)");
            }
        }
        return table;
    }

    Optional<PortHold> holder(PortKey key) {
        return Optional.ofNullable(holds.get(key));
    }

    Collection<PortHold> all() {
        return List.copyOf(holds.values());
    }

    List<PortHold> of(String sliverName) {
        return holds.values().stream().filter(hold -> hold.sliverName().equals(sliverName)).toList();
    }

    /** Records {@code hold} (replacing the key's previous one) and writes the file. */
    void put(PortHold hold) {
        holds.put(hold.key(), hold);
        save();
    }

    /** Records {@code hold} in memory only; {@link #save} writes it. */
    void putWithoutSaving(PortHold hold) {
        holds.put(hold.key(), hold);
    }

    /** Forgets the holds of {@code keys} and writes the file. */
    void remove(Collection<PortKey> keys) {
        keys.forEach(holds::remove);
        save();
    }

    void save() {
        List<String> lines = new ArrayList<>();
        lines.add("# protocol port sliver basis: ports of the node's address held by slivers");
        holds.values().forEach(hold -> lines.add(hold.line()));
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the port table " + file, e);
        }
    }
}
