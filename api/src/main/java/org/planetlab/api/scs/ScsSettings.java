package org.planetlab.api.scs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.planetlab.api.error.IoCauses;
import org.planetlab.api.error.PlanetLabException;

/**
 * The slice creation service's settings, written by the node agent into the service's directory
 * as {@code scs.properties} and read by the service when it starts: the one agreement between the
 * two processes on how the service is started and configured (the agent and the service are
 * built as separate modules and share only this and the node manager's operation catalog).
 * Paths of files are relative to that directory, the service's working directory: it runs as an
 * unprivileged uid that may not open the directories above it.
 *
 * @param socket the node manager's socket (absolute; its directory is open to everyone)
 * @param plcUrl the default slice authority server, for pools that name none
 * @param plcCaFile PLC's TLS CA, for pools that name no CA of their own
 * @param rootsDirectory the well-known root keys
 * @param tlsKeyFile the node's TLS key for the ticket endpoint
 * @param tlsChainFile its certificate chain
 * @param address the node's address: where the endpoint listens, and what leases name
 * @param port the ticket endpoint's port; 0 for none
 * @param pollWait how long one GetSlivers long poll waits
 * @param fullPollInterval how often the whole view is asked for even when nothing changed
 */
public record ScsSettings(Path socket, URI plcUrl, Path plcCaFile, Path rootsDirectory, Path tlsKeyFile, Path tlsChainFile,
        String address, int port, Duration pollWait, Duration fullPollInterval) {
    public static final String FILE = "scs.properties";
    /**
     * The service's main class. The agent starts it by this name from its own class path, where
     * the packaging puts the service's jar (a runtime dependency of the node agent), so the agent
     * is not compiled against the service.
     */
    public static final String MAIN_CLASS = "org.planetlab.scs.ScsMain";

    public ScsSettings {
        requireNonNull(socket, "socket is null");
        requireNonNull(plcUrl, "plcUrl is null");
        requireNonNull(plcCaFile, "plcCaFile is null");
        requireNonNull(rootsDirectory, "rootsDirectory is null");
        requireNonNull(tlsKeyFile, "tlsKeyFile is null");
        requireNonNull(tlsChainFile, "tlsChainFile is null");
        requireNonNull(address, "address is null");
        requireNonNull(pollWait, "pollWait is null");
        requireNonNull(fullPollInterval, "fullPollInterval is null");
    }

    private Map<String, String> toProperties() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("socket", socket.toString());
        values.put("plc-url", plcUrl.toString());
        values.put("plc-ca-file", plcCaFile.toString());
        values.put("roots-dir", rootsDirectory.toString());
        values.put("tls-key-file", tlsKeyFile.toString());
        values.put("tls-chain-file", tlsChainFile.toString());
        values.put("address", address);
        values.put("port", Integer.toString(port));
        values.put("wait-seconds", Long.toString(pollWait.toSeconds()));
        values.put("full-poll-seconds", Long.toString(fullPollInterval.toSeconds()));
        return values;
    }

    /** The content of {@link #FILE}, as {@link #read} reads it back. */
    public String fileContent() {
        StringBuilder content = new StringBuilder("# Written by the node agent at every start of the service\n");
        toProperties().forEach((key, value) -> content.append(key).append(" = ").append(value).append('\n'));
        return content.toString();
    }

    public static ScsSettings read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw PlanetLabException.invalidArgument("cannot read " + file + ": " + IoCauses.describe(e));
        }
        try {
            return new ScsSettings(Path.of(value(properties, "socket")), URI.create(value(properties, "plc-url")),
                    Path.of(value(properties, "plc-ca-file")), Path.of(value(properties, "roots-dir")),
                    Path.of(value(properties, "tls-key-file")), Path.of(value(properties, "tls-chain-file")),
                    value(properties, "address"), Integer.parseInt(value(properties, "port")),
                    Duration.ofSeconds(Long.parseLong(value(properties, "wait-seconds"))),
                    Duration.ofSeconds(Long.parseLong(value(properties, "full-poll-seconds"))));
        } catch (IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument(file + ": " + e.getMessage());
        }
    }

    private static String value(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw PlanetLabException.invalidArgument("slice creation service setting " + key + " is missing");
        }
        return value.strip();
    }
}
