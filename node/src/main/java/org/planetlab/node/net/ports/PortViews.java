package org.planetlab.node.net.ports;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each sliver's view of the port table, the file {@code ports} in a directory the sliver reads
 * (its read-only {@code /.planetlab}): the ports its slice holds, and those it asked for and did
 * not get, with the reason. The owner VM's view lists every sliver's holds. Written atomically,
 * and only when it changed; a sliver without the directory (not started yet) gets its view at the
 * next scan after the directory appears.
 */
public final class PortViews {
    private static final Logger LOG = LoggerFactory.getLogger(PortViews.class);
    public static final String FILE = "ports";

    private final Function<String, Path> directories;
    private final Map<String, String> written = new HashMap<>();

    /** @param directories the directory of a sliver's view, by sliver name */
    public PortViews(Function<String, Path> directories) {
        this.directories = requireNonNull(directories, "directories is null");
    }

    /** Views nobody reads: for networks whose slivers have no directory of their own. */
    public static PortViews none() {
        return new PortViews(sliver -> null);
    }

    /** Whether a view of the sliver was written (and not forgotten since). */
    synchronized boolean hasWritten(String sliverName) {
        return written.containsKey(sliverName);
    }

    /** The sliver is gone: its next view, if it comes back, is written whatever it says. */
    synchronized void forget(String sliverName) {
        written.remove(sliverName);
    }

    synchronized void write(String sliverName, Collection<PortHold> holds, Map<PortKey, String> refused) {
        Path directory = directories.apply(sliverName);
        if (directory == null || !Files.isDirectory(directory)) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("# ports of the node's address held by this slice (protocol port basis), and those it asked for");
        lines.add("# and does not hold (protocol port refused: reason); the owner VM's view lists every slice's");
        for (PortHold hold : holds) {
            lines.add(hold.sliverName().equals(sliverName) ? hold.key() + " " + hold.basis().wireName()
                    : hold.key() + " " + hold.basis().wireName() + " by " + hold.sliverName());
        }
        refused.forEach((key, reason) -> lines.add(key + " refused: " + reason));
        String content = String.join("\n", lines) + "\n";
        if (content.equals(written.get(sliverName))) {
            return;
        }
        Path file = directory.resolve(FILE);
        Path temporary = directory.resolve(FILE + ".new");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written.put(sliverName, content);
        } catch (IOException e) {
            LOG.warn("cannot write the port view of {}: {}", sliverName, e.getMessage());
        }
    }
}
