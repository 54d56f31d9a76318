package org.planetlab.api.rspec;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;

/**
 * The core resource specification attributes of a sliver (Architecture §4.10), shared by the
 * slice authority (as slice attributes, PLCAPI's slice tags) and the node manager (as RSpec
 * fields). Values travel as strings, as PLCAPI tag values do; {@link #parse} turns one into its
 * typed form or refuses it with a message naming the attribute and its unit.
 *
 * <p>Defaults are the seed's, in the units given here: 5 GB of disk is 5120 MB, 100 Mbps is
 * 100000 kbit/s. {@code minRole} is the least privileged role that may change the attribute at
 * the slice authority: a user may change a slice's bootscript, only an operator its CPU share.
 */
public enum RspecAttribute {
    VM_TYPE("vm_type", Kind.NAME, "", "linux-container-x86_64", Role.ADMIN,
            "type of virtual machine the sliver runs in"),
    IMAGE("vref", Kind.NAME, "", "default", Role.USER,
            "reference image the sliver's copy-on-write root is built over"),
    CPU_SHARE("cpu_share", Kind.COUNT, "shares", "1", Role.ADMIN,
            "fair-share weight of CPU time against other slivers"),
    CPU_GUARANTEE("cpu_guarantee", Kind.COUNT, "percent of one CPU", "0", Role.ADMIN,
            "CPU time reserved for the sliver whatever its neighbours do"),
    MEM_LIMIT("mem_limit", Kind.COUNT, "MB", "256", Role.ADMIN,
            "memory the sliver's processes may use"),
    DISK_QUOTA("disk_quota", Kind.COUNT, "MB", "5120", Role.ADMIN,
            "disk the sliver may write over its reference image"),
    BASE_RATE("base_rate", Kind.COUNT, "kbit/s", "1", Role.ADMIN,
            "outgoing bandwidth guaranteed to the sliver"),
    BURST_RATE("burst_rate", Kind.COUNT, "kbit/s", "100000", Role.ADMIN,
            "most outgoing bandwidth the sliver may use while it is under its daily budget"),
    SUSTAINED_RATE("sustained_rate", Kind.COUNT, "kbit/s", "1500", Role.ADMIN,
            "long-run outgoing rate: once the sliver has sent sustained_rate x 24 h of bytes in a day,"
                    + " its rate is cut to sustained_rate until the day ends"),
    PIDS_LIMIT("pids_limit", Kind.COUNT, "processes", "512", Role.ADMIN,
            "most processes and threads the sliver may run"),
    NOFILE_LIMIT("nofile_limit", Kind.COUNT, "open files", "4096", Role.ADMIN,
            "most files each process of the sliver may hold open"),
    BOOTSCRIPT("bootscript", Kind.TEXT, "", "", Role.USER,
            "script run inside the sliver each time it starts"),
    SYSTEM("system", Kind.FLAG, "", "0", Role.ADMIN,
            "1 for an infrastructure slice created on every node"),
    TCP_PORTS("tcp_ports", Kind.PORTS, "", "", Role.USER,
            "TCP ports of the node's address reserved for the slice, such as 8080,9000-9010; no other slice may"
                    + " hold them, and ports below 1024 need privileged_ports"),
    UDP_PORTS("udp_ports", Kind.PORTS, "", "", Role.USER,
            "UDP ports of the node's address reserved for the slice, written as tcp_ports"),
    PRIVILEGED_PORTS("privileged_ports", Kind.FLAG, "", "0", Role.ADMIN,
            "1 lets the slice hold ports below 1024 of the node's address, by reservation or by listening"),
    CODEMUX("codemux", Kind.HTTP_NAME, "", "", Role.USER,
            "HTTP on port 80 by name, as the original's codemux: the port of the slice's HTTP server, optionally after"
                    + " a host name it registers (8080 or www.example.org,8080); <slice>.<node hostname> and that name"
                    + " reach the server if the slice holds the port"),
    CPU_CAP("cpu_cap", Kind.COUNT, "percent of one CPU", "0", Role.ADMIN,
            "most CPU time the sliver may use even on an idle node, 0 for no cap; 50 is half of one CPU,"
                    + " a quarter of a node of two; a cap below cpu_guarantee is raised to it"),
    VSYS("vsys", Kind.NAMES, "", "", Role.ADMIN,
            "privileged helper scripts of the node the slice may call through /vsys, such as pcap,usage"),
    PACKAGES("packages", Kind.PACKAGES, "", "", Role.USER,
            "Debian packages installed into the sliver's image, such as python3,curl; slivers asking for the same"
                    + " set over the same image share one copy, built by the node before the sliver is created");

    /** How values of an attribute are written and checked. */
    public enum Kind {
        /** A non-negative integer in the attribute's unit. */
        COUNT,
        /** 0 or 1. */
        FLAG,
        /** A short identifier: letters, digits, dot, dash, underscore. */
        NAME,
        /** Free text, such as a script. */
        TEXT,
        /** Ports and ranges separated by commas ({@link PortList}). */
        PORTS,
        /** A port, optionally after a host name ({@link HttpName}). */
        HTTP_NAME,
        /** Distinct {@link #NAME}s separated by commas, in canonical form sorted. */
        NAMES,
        /** Distinct Debian package names separated by commas or spaces ({@link DebianPackages}), in canonical form sorted. */
        PACKAGES,
    }

    private static final Map<String, RspecAttribute> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(RspecAttribute::attributeName, Function.identity()));
    private static final int MAX_TEXT = 65_536;
    private static final int MAX_NAMES = 64;
    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    /** A count's digits, compiled once: a node agent reads several counts on every create. */
    private static final java.util.regex.Pattern COUNT_DIGITS = java.util.regex.Pattern.compile("[0-9]{1,15}");
    /** A cap of 1,024 CPUs; a larger one is a mistake, not a wish. */
    private static final long MAX_CPU_CAP = 102_400;

    private final String attributeName;
    private final Kind kind;
    private final String unit;
    private final String defaultValue;
    private final Role minRole;
    private final String description;

    RspecAttribute(String attributeName, Kind kind, String unit, String defaultValue, Role minRole, String description) {
        this.attributeName = attributeName;
        this.kind = kind;
        this.unit = unit;
        this.defaultValue = defaultValue;
        this.minRole = minRole;
        this.description = description;
    }

    /** The name used as a slice tag name and an RSpec field name. */
    public String attributeName() {
        return attributeName;
    }

    public Kind kind() {
        return kind;
    }

    /** The unit of a {@link Kind#COUNT} value; empty for others. */
    public String unit() {
        return unit;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** The least privileged role that may change this attribute at the slice authority. */
    public Role minRole() {
        return minRole;
    }

    public String description() {
        return unit.isEmpty() ? description : description + " (" + unit + ")";
    }

    public static Optional<RspecAttribute> lookup(String name) {
        return Optional.ofNullable(BY_NAME.get(requireNonNull(name, "name is null").toLowerCase(Locale.ROOT)));
    }

    /**
     * Checks a value of this attribute and returns it in canonical form (integers without
     * leading zeros or sign).
     */
    public String canonical(String value) {
        requireNonNull(value, "value is null");
        return switch (kind) {
            case COUNT -> Long.toString(parseCount(value));
            case FLAG -> switch (value.strip()) {
                case "0", "false" -> "0";
                case "1", "true" -> "1";
                default -> throw invalid(value, "must be 0 or 1");
            };
            case NAME -> {
                if (!value.matches(NAME_PATTERN)) {
                    throw invalid(value, "must be 1 to 64 letters, digits, '.', '-' or '_'");
                }
                yield value;
            }
            case NAMES -> canonicalNames(value);
            case PACKAGES -> String.join(",", DebianPackages.parse(attributeName, value));
            case TEXT -> {
                if (value.length() > MAX_TEXT) {
                    throw invalid(value.substring(0, 20) + "...", "must be at most " + MAX_TEXT + " characters");
                }
                yield value;
            }
            case PORTS -> PortList.parse(attributeName, value).toString();
            // Empty is the default: no HTTP server registered (PLC's views carry it as such).
            case HTTP_NAME -> value.isBlank() ? "" : HttpName.parse(value).toString();
        };
    }

    /** The integer value of a {@link Kind#COUNT} or {@link Kind#FLAG} attribute. */
    public long parseCount(String value) {
        String digits = value.strip();
        if (kind == Kind.FLAG) {
            return Long.parseLong(canonical(value));
        }
        if (!COUNT_DIGITS.matcher(digits).matches()) {
            throw invalid(value, "must be a whole number of " + (unit.isEmpty() ? "units" : unit) + " from 0 to 999999999999999");
        }
        long count = Long.parseLong(digits);
        if (this == CPU_CAP && count > MAX_CPU_CAP) {
            throw invalid(value, "must be at most " + MAX_CPU_CAP + " (" + MAX_CPU_CAP / 100 + " CPUs); 0 means no cap");
        }
        return count;
    }

    /** The names of a {@link Kind#NAMES} value (canonical or not), each once, sorted. */
    public SortedSet<String> names(String value) {
        SortedSet<String> names = new TreeSet<>();
        for (String entry : value.split(",", -1)) {
            String name = entry.strip();
            if (name.isEmpty() && value.isBlank()) {
                continue;
            }
            if (!name.matches(NAME_PATTERN)) {
                throw invalid(value, "entry \"" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
                        + "\" must be a name of 1 to 64 letters, digits, '.', '-' or '_' (no paths, spaces or other characters),"
                        + " names separated by commas");
            }
            names.add(name);
        }
        if (names.size() > MAX_NAMES) {
            throw invalid(value, "lists " + names.size() + " names; at most " + MAX_NAMES);
        }
        return names;
    }

    private String canonicalNames(String value) {
        return String.join(",", names(value));
    }

    private PlanetLabException invalid(String value, String rule) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return PlanetLabException.invalidArgument("%s value \"%s\" is not valid: %s".formatted(attributeName, shown, rule));
    }
}
