package org.planetlab.api.rspec;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.planetlab.api.error.PlanetLabException;

/**
 * A slice's reservation of ports of its nodes' address, as the {@code tcp_ports} and
 * {@code udp_ports} attributes write it: ports and inclusive ranges separated by commas, such as
 * {@code 8080,9000-9010}. Entries are kept sorted; none may overlap another, so a port is
 * listed at most once.
 *
 * @param ranges the entries, sorted, disjoint
 */
public record PortList(List<Range> ranges) {
    /** Most entries in one list. */
    public static final int MAX_RANGES = 32;
    /** Most ports one list may reserve: a slice reserves what it serves on, not the node. */
    public static final int MAX_PORTS = 1024;
    /** Ports below this are privileged: held only with {@code privileged_ports} granted. */
    public static final int FIRST_UNPRIVILEGED = 1024;
    public static final PortList EMPTY = new PortList(List.of());

    /** Ports {@code low} to {@code high}, both included. */
    public record Range(int low, int high) {
        public Range {
            if (low < 1 || high > 65_535 || low > high) {
                throw new IllegalArgumentException("a port range is 1 to 65535 with low <= high, was " + low + "-" + high);
            }
        }

        public boolean contains(int port) {
            return port >= low && port <= high;
        }

        public boolean overlaps(Range other) {
            return low <= other.high && other.low <= high;
        }

        public int size() {
            return high - low + 1;
        }

        @Override
        public String toString() {
            return low == high ? Integer.toString(low) : low + "-" + high;
        }
    }

    public PortList {
        ranges = List.copyOf(requireNonNull(ranges, "ranges is null"));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i - 1).high() >= ranges.get(i).low()) {
                throw new IllegalArgumentException("ranges must be sorted and disjoint: " + ranges);
            }
        }
    }

    /**
     * Reads a list as a person writes it; refuses, naming {@code attribute} and the bad entry,
     * anything but ports and ranges within 1-65535, overlapping entries, and lists too long.
     */
    public static PortList parse(String attribute, String text) {
        requireNonNull(attribute, "attribute is null");
        requireNonNull(text, "text is null");
        if (text.isBlank()) {
            return EMPTY;
        }
        String[] entries = text.split(",", -1);
        if (entries.length > MAX_RANGES) {
            throw invalid(attribute, text, "lists at most " + MAX_RANGES + " ports or ranges, this one " + entries.length);
        }
        List<Range> ranges = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.strip();
            if (!entry.matches("[0-9]{1,5}(-[0-9]{1,5})?")) {
                throw invalid(attribute, text, "entry \"" + abbreviate(entry)
                        + "\" is not a port or a range such as 9000-9010 (entries are separated by commas)");
            }
            int dash = entry.indexOf('-');
            int low = Integer.parseInt(dash < 0 ? entry : entry.substring(0, dash));
            int high = dash < 0 ? low : Integer.parseInt(entry.substring(dash + 1));
            if (low < 1 || high > 65_535) {
                throw invalid(attribute, text, "entry \"" + entry + "\" is outside the ports 1 to 65535");
            }
            if (low > high) {
                throw invalid(attribute, text, "range \"" + entry + "\" ends before it starts");
            }
            ranges.add(new Range(low, high));
        }
        ranges.sort(Comparator.comparingInt(Range::low));
        int total = 0;
        for (int i = 0; i < ranges.size(); i++) {
            if (i > 0 && ranges.get(i - 1).overlaps(ranges.get(i))) {
                throw invalid(attribute, text, "entries " + ranges.get(i - 1) + " and " + ranges.get(i) + " overlap");
            }
            total += ranges.get(i).size();
        }
        if (total > MAX_PORTS) {
            throw invalid(attribute, text, "reserves " + total + " ports, at most " + MAX_PORTS + " may be reserved");
        }
        return new PortList(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean contains(int port) {
        return ranges.stream().anyMatch(range -> range.contains(port));
    }

    /** The ranges of this list that overlap some range of {@code other}. */
    public List<Range> overlapsWith(PortList other) {
        return ranges.stream().filter(mine -> other.ranges.stream().anyMatch(mine::overlaps)).toList();
    }

    /** Whether any listed port is below {@link #FIRST_UNPRIVILEGED}. */
    public boolean hasPrivileged() {
        return !ranges.isEmpty() && ranges.getFirst().low() < FIRST_UNPRIVILEGED;
    }

    /** Every listed port, in order. */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        ranges.forEach(range -> {
            for (int port = range.low(); port <= range.high(); port++) {
                ports.add(port);
            }
        });
        return ports;
    }

    /** The canonical form: entries sorted, separated by commas without spaces. */
    @Override
    public String toString() {
        return ranges.stream().map(Range::toString).collect(Collectors.joining(","));
    }

    private static PlanetLabException invalid(String attribute, String text, String rule) {
        return PlanetLabException.invalidArgument("%s value \"%s\" is not valid: %s".formatted(attribute, abbreviate(text), rule));
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
