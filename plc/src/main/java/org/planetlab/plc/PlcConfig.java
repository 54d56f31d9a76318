package org.planetlab.plc;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.planetlab.trust.node.NodeRequestVerifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.planetlab.api.error.PlanetLabException;

/**
 * PLC's configuration: {@code plc.properties} in the data directory, dashed keys, every key
 * optional with a default that runs PLC on this machine. Unknown keys and bad values are
 * refused at load time with the key's name.
 *
 * @param dataDir where the store and keys live
 * @param listenAddress the address the API listens on
 * @param port its TCP port (0 for any free port)
 * @param store the JDBC URL of the store; SQLite in the data directory by default
 * @param storeUser the store's user, for PostgreSQL
 * @param storePassword the store's password, for PostgreSQL
 * @param sliceAuthority this slice authority's name, the first part of hierarchical slice names
 * @param defaultMaxSlices max_slices of new sites
 * @param defaultMaxSlivers max_slivers of new sites
 * @param maxRequestBytes the largest request body accepted
 * @param passwordHashMemoryKib the Argon2id memory cost of password hashes
 * @param tls whether the API is served over TLS (with a certificate from PLC's own CA)
 * @param tlsNames the host names and addresses the server certificate names
 * @param sliceCreationService the slice of nodes' slice creation service, whose
 *     certificate-based sessions act as their node
 * @param nodeReplayCacheEntries how many signed node requests the replay cache remembers (each
 *     for the ±300 s timestamp window); more requests than that within the window are refused
 *     until older ones leave it
 * @param housekeepingIntervalSeconds how often housekeeping runs (node contacts written, slices
 *     expired); with several servers on one PostgreSQL store one of them expires slices each time
 * @param viewCacheMaxAgeSeconds with a PostgreSQL store, how long a cached node view may be kept
 *     at most: the bound on staleness should another server's change notification be lost
 * @param sections the keys of the named sections ({@code mail.smtp-host}, {@code am.port}, ...),
 *     by section and then by the key without its section's name; each section's owner reads and
 *     checks its own keys ({@link #section})
 */
public record PlcConfig(
        Path dataDir,
        InetAddress listenAddress,
        int port,
        String store,
        Optional<String> storeUser,
        Optional<String> storePassword,
        String sliceAuthority,
        long defaultMaxSlices,
        long defaultMaxSlivers,
        int maxRequestBytes,
        int passwordHashMemoryKib,
        boolean tls,
        List<String> tlsNames,
        String sliceCreationService,
        int nodeReplayCacheEntries,
        int housekeepingIntervalSeconds,
        int viewCacheMaxAgeSeconds,
        Map<String, Map<String, String>> sections) {

    public static final String FILE_NAME = "plc.properties";

    /**
     * The sections a key may belong to: mail (PLC's outgoing mail), the faces that run in PLC's
     * process (portal, am), and the parts with settings of their own (audit, monitor).
     */
    public static final Set<String> SECTIONS = Set.of("mail", "portal", "am", "audit", "monitor", "reboot", "images", "usage",
            "metrics", "lease", "peer");
    public static final int DEFAULT_PORT = 8080;

    private static final Set<String> KEYS = Set.of("listen-address", "port", "store", "store-user", "store-password",
            "slice-authority", "default-max-slices", "default-max-slivers", "max-request-bytes",
            "password-hash-memory-kib", "tls", "tls-names", "slice-creation-service",
            "node-replay-cache-entries", "housekeeping-interval-seconds", "view-cache-max-age-seconds");

    public PlcConfig {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(listenAddress, "listenAddress is null");
        requireNonNull(store, "store is null");
        requireNonNull(storeUser, "storeUser is null");
        requireNonNull(storePassword, "storePassword is null");
        requireNonNull(sliceAuthority, "sliceAuthority is null");
        if (port < 0 || port > 65535) {
            throw invalid("port", Integer.toString(port), "a TCP port from 0 to 65535");
        }
        if (!sliceAuthority.matches("[a-z0-9]+(\\.[a-z0-9]+)*")) {
            throw invalid("slice-authority", sliceAuthority, "dot-separated lowercase names, such as plc or plc.japan");
        }
        if (defaultMaxSlices < 0) {
            throw invalid("default-max-slices", Long.toString(defaultMaxSlices), "a number >= 0");
        }
        if (defaultMaxSlivers < 0) {
            throw invalid("default-max-slivers", Long.toString(defaultMaxSlivers), "a number >= 0");
        }
        if (maxRequestBytes < 1024) {
            throw invalid("max-request-bytes", Integer.toString(maxRequestBytes), "at least 1024");
        }
        if (passwordHashMemoryKib < 8) {
            throw invalid("password-hash-memory-kib", Integer.toString(passwordHashMemoryKib), "at least 8");
        }
        tlsNames = List.copyOf(requireNonNull(tlsNames, "tlsNames is null"));
        if (tls && tlsNames.isEmpty()) {
            throw invalid("tls-names", "", "at least one host name or address for the server certificate");
        }
        requireNonNull(sliceCreationService, "sliceCreationService is null");
        if (!sliceCreationService.matches("[a-z0-9]+(\\.[a-z0-9_]+)+")) {
            throw invalid("slice-creation-service", sliceCreationService, "a hierarchical slice name such as plc.scs");
        }
        if (nodeReplayCacheEntries < 1000) {
            throw invalid("node-replay-cache-entries", Integer.toString(nodeReplayCacheEntries), "a number >= 1000");
        }
        if (housekeepingIntervalSeconds < 1) {
            throw invalid("housekeeping-interval-seconds", Integer.toString(housekeepingIntervalSeconds), "a number >= 1");
        }
        if (viewCacheMaxAgeSeconds < 10) {
            throw invalid("view-cache-max-age-seconds", Integer.toString(viewCacheMaxAgeSeconds), "a number >= 10");
        }
        Map<String, Map<String, String>> copied = new TreeMap<>();
        requireNonNull(sections, "sections is null").forEach((name, keys) -> {
            if (!SECTIONS.contains(name)) {
                throw PlanetLabException.invalidArgument("unknown configuration section '" + name + "'; known sections are "
                        + new TreeSet<>(SECTIONS));
            }
            copied.put(name, Map.copyOf(keys));
        });
        sections = Collections.unmodifiableMap(copied);
    }

    /** The keys of one section (without the section's name and its dot); empty if none is set. */
    public Map<String, String> section(String name) {
        if (!SECTIONS.contains(name)) {
            throw new IllegalArgumentException("no configuration section is named " + name);
        }
        return sections.getOrDefault(name, Map.of());
    }

    /** The defaults, for a data directory. */
    public static PlcConfig defaults(Path dataDir) {
        return load(dataDir, Map.of());
    }

    /** Reads {@code plc.properties} from the data directory (if present), then applies overrides. */
    public static PlcConfig fromDataDir(Path dataDir, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw PlanetLabException.invalidArgument("cannot read " + file + ": " + e.getMessage());
            }
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).strip()));
        }
        values.putAll(overrides);
        return load(dataDir, values);
    }

    static PlcConfig load(Path dataDir, Map<String, String> values) {
        Map<String, Map<String, String>> sections = new TreeMap<>();
        values.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot > 0 && SECTIONS.contains(key.substring(0, dot))) {
                sections.computeIfAbsent(key.substring(0, dot), name -> new TreeMap<>()).put(key.substring(dot + 1), value);
            }
        });
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(KEYS);
        unknown.removeIf(key -> key.indexOf('.') > 0 && SECTIONS.contains(key.substring(0, key.indexOf('.'))));
        if (!unknown.isEmpty()) {
            throw PlanetLabException.invalidArgument(
                    "unknown configuration key%s %s; known keys are %s, and keys of the sections %s (e.g. mail.smtp-host)"
                            .formatted(unknown.size() == 1 ? "" : "s", unknown, new TreeSet<>(KEYS), new TreeSet<>(SECTIONS)));
        }
        Path absolute = dataDir.toAbsolutePath().normalize();
        return new PlcConfig(
                absolute,
                address(values.getOrDefault("listen-address", "127.0.0.1")),
                (int) number(values, "port", DEFAULT_PORT),
                values.getOrDefault("store", "jdbc:sqlite:" + absolute.resolve("plc.db")),
                Optional.ofNullable(values.get("store-user")),
                Optional.ofNullable(values.get("store-password")),
                values.getOrDefault("slice-authority", "plc"),
                number(values, "default-max-slices", 10),
                number(values, "default-max-slivers", 1000),
                (int) number(values, "max-request-bytes", 16L * 1024 * 1024),
                (int) number(values, "password-hash-memory-kib", 19 * 1024),
                bool(values, "tls", true),
                tlsNames(values),
                values.getOrDefault("slice-creation-service", "plc.scs"),
                (int) Math.min(Integer.MAX_VALUE, number(values, "node-replay-cache-entries", NodeRequestVerifier.DEFAULT_MAX_NONCES)),
                (int) number(values, "housekeeping-interval-seconds", 10),
                (int) number(values, "view-cache-max-age-seconds", 600),
                sections);
    }

    private static long number(Map<String, String> values, String key, long fallback) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value > Integer.MAX_VALUE && !key.startsWith("default-")) {
                throw invalid(key, text, "a smaller number");
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(key, text, "a whole number");
        }
    }

    private static boolean bool(Map<String, String> values, String key, boolean fallback) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(key, text, "true or false");
        };
    }

    /** By default the certificate names this machine's loopback and the listen address. */
    private static List<String> tlsNames(Map<String, String> values) {
        String text = values.get("tls-names");
        if (text != null) {
            return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
        }
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        String listen = values.getOrDefault("listen-address", "127.0.0.1");
        if (!listen.equals("0.0.0.0") && !listen.equals("::")) {
            names.add(listen);
        }
        return List.copyOf(names);
    }

    /** Where PLC's keys and certificates live. */
    public Path trustDir() {
        return dataDir.resolve("trust");
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw invalid("listen-address", text, "an IP address such as 127.0.0.1 or 0.0.0.0");
        }
    }

    private static PlanetLabException invalid(String key, String value, String expected) {
        return PlanetLabException.invalidArgument("configuration key %s: \"%s\" is not valid; expected %s".formatted(
                key, value, expected));
    }
}
