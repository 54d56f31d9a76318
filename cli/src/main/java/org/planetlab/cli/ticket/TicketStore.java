package org.planetlab.cli.ticket;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.IoCauses;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.ticket.Ticket;
import org.planetlab.trust.ticket.TicketXml;

/**
 * The service manager's local state (2003 §4.2.4): tickets, the nodes each was not yet redeemed
 * on (for {@code pl ticket retry}), the keys to install, and the leases nodes granted. One
 * directory per ticket, private to the user:
 *
 * <pre>
 * STATE/SLICE/TICKET-ID/ticket.xml
 * STATE/SLICE/TICKET-ID/keys          the public keys to install, one per line
 * STATE/SLICE/TICKET-ID/unredeemed    nodes still to redeem on, one per line
 * STATE/SLICE/TICKET-ID/leases/NODE.xml    (':' and other characters unfit for file names become '_')
 * </pre>
 */
final class TicketStore {
    private final Path root;

    TicketStore(Path root) {
        this.root = requireNonNull(root, "root is null");
    }

    /** {@code --state-dir}, else $XDG_STATE_HOME/planetlab/tickets, else ~/.local/state/planetlab/tickets. */
    static TicketStore of(Path option, Map<String, String> environment) {
        if (option != null) {
            return new TicketStore(option);
        }
        String state = environment.get("XDG_STATE_HOME");
        if (state != null && !state.isBlank()) {
            return new TicketStore(Path.of(state, "planetlab", "tickets"));
        }
        String home = environment.get("HOME");
        if (home == null || home.isBlank()) {
            throw PlanetLabException.invalidArgument("no place for tickets: give --state-dir, or set XDG_STATE_HOME or HOME");
        }
        return new TicketStore(Path.of(home, ".local", "state", "planetlab", "tickets"));
    }

    Path root() {
        return root;
    }

    /** Keeps the ticket in {@code file} (from {@code pl ticket get}), under its slice and id. */
    Entry saveFile(Path file) {
        String xml = read(file);
        Ticket ticket = TicketXml.parse(xml).ticket();
        return save(ticket.sliceName(), ticket.id(), xml);
    }

    /** One ticket's directory. */
    record Entry(Path directory, String slice, String ticketId) {
        Path ticket() {
            return directory.resolve("ticket.xml");
        }

        Path lease(String node) {
            return directory.resolve("leases").resolve(node + ".xml");
        }
    }

    Entry save(String slice, String ticketId, String xml) {
        Entry entry = new Entry(root.resolve(safe(slice)).resolve(safe(ticketId)), slice, ticketId);
        createPrivate(entry.directory());
        write(entry.ticket(), xml);
        return entry;
    }

    List<String> keys(Entry entry) {
        return lines(entry.directory().resolve("keys"));
    }

    void saveKeys(Entry entry, List<String> keys) {
        write(entry.directory().resolve("keys"), keys.isEmpty() ? "" : String.join("\n", keys) + "\n");
    }

    List<String> unredeemed(Entry entry) {
        return lines(entry.directory().resolve("unredeemed"));
    }

    void saveUnredeemed(Entry entry, List<String> nodes) {
        write(entry.directory().resolve("unredeemed"), nodes.isEmpty() ? "" : String.join("\n", new TreeSet<>(nodes)) + "\n");
    }

    void saveLease(Entry entry, String node, String lease) {
        createPrivate(entry.directory().resolve("leases"));
        write(entry.lease(node.replaceAll("[^A-Za-z0-9._-]", "_")), lease);
    }

    /** Every ticket with nodes left to redeem on, optionally of one slice. */
    List<Entry> pending(Optional<String> slice) {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return entries;
        }
        try (Stream<Path> slices = Files.list(root)) {
            for (Path sliceDirectory : slices.filter(Files::isDirectory).sorted().toList()) {
                String name = sliceDirectory.getFileName().toString();
                if (slice.isPresent() && !slice.get().equals(name)) {
                    continue;
                }
                try (Stream<Path> tickets = Files.list(sliceDirectory)) {
                    for (Path ticket : tickets.filter(Files::isDirectory).sorted().toList()) {
                        Entry entry = new Entry(ticket, name, ticket.getFileName().toString());
                        if (Files.exists(entry.ticket()) && !unredeemed(entry).isEmpty()) {
                            entries.add(entry);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw failure("cannot list " + root, e);
        }
        return entries;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.INVALID_ARGUMENT, "cannot read " + file + ": " + IoCauses.describe(e));
        }
    }

    private static List<String> lines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        return read(file).lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static void write(Path file, String text) {
        try {
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failure("cannot write " + file, e);
        }
    }

    private static void createPrivate(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw failure("cannot create " + directory, e);
        }
    }

    /** A name usable as one path element. */
    private static String safe(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,252}")) {
            throw PlanetLabException.invalidArgument("'" + name + "' cannot name a file in the ticket store");
        }
        return name;
    }

    /** A local file failed: a failure of pl itself, not of PLC or a node. */
    private static UncheckedIOException failure(String message, IOException e) {
        return new UncheckedIOException(message + ": " + IoCauses.describe(e), e);
    }
}
