package org.planetlab.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;

/**
 * The settings {@code pl} reads from its configuration file ({@code pl.properties}, dashed keys):
 * {@code url}, {@code user}, {@code password-file}, {@code ca-file} and {@code encoding}. Every value is checked
 * when the file is loaded, and a bad one is reported with its key; there is deliberately no key
 * for a password itself.
 */
public final class ClientConfig {
    public static final ClientConfig EMPTY = new ClientConfig(null, null, null, null, null);
    private static final Set<String> KEYS = Set.of("url", "user", "password-file", "ca-file", "encoding");

    private final URI url;
    private final String user;
    private final Path passwordFile;
    private final Path caFile;
    private final PlcClient.Encoding encoding;

    ClientConfig(URI url, String user, Path passwordFile, Path caFile, PlcClient.Encoding encoding) {
        this.url = url;
        this.user = user;
        this.passwordFile = passwordFile;
        this.caFile = caFile;
        this.encoding = encoding;
    }

    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    public Optional<Path> passwordFile() {
        return Optional.ofNullable(passwordFile);
    }

    /** The certificate of the CA that PLC's TLS certificate must chain to (PLC's {@code tls-ca.pem}). */
    public Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    public Optional<PlcClient.Encoding> encoding() {
        return Optional.ofNullable(encoding);
    }

    /**
     * Loads a configuration file; a missing file is an empty configuration. A relative
     * {@code password-file} or {@code ca-file} is taken relative to the file's directory.
     */
    public static ClientConfig load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException | IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument("cannot read the configuration file " + file + ": " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw PlanetLabException.invalidArgument("%s: unknown key %s; the keys are %s".formatted(file,
                    String.join(", ", unknown), String.join(", ", new TreeSet<>(KEYS))));
        }
        Map<String, String> values = new java.util.HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).strip()));
        String where = file.toString();
        Path directory = file.toAbsolutePath().getParent();
        return new ClientConfig(
                values.containsKey("url") ? parseUrl(values.get("url"), where + ": url") : null,
                values.containsKey("user") ? nonEmpty(values.get("user"), where + ": user") : null,
                values.containsKey("password-file")
                        ? directory.resolve(nonEmpty(values.get("password-file"), where + ": password-file")) : null,
                values.containsKey("ca-file")
                        ? directory.resolve(nonEmpty(values.get("ca-file"), where + ": ca-file")) : null,
                values.containsKey("encoding") ? parseEncoding(values.get("encoding"), where + ": encoding") : null);
    }

    /** Parses a PLC address: an http or https URL of the server, such as {@code https://plc.example.org}. */
    public static URI parseUrl(String text, String what) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw PlanetLabException.invalidArgument(what + ": \"" + text
                        + "\" is not an http:// or https:// URL of a PLC, such as https://plc.example.org");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw PlanetLabException.invalidArgument(what + ": \"" + text + "\" is not a URL: " + e.getReason());
        }
    }

    /** Parses an encoding name: {@code json} or {@code xmlrpc}. */
    public static PlcClient.Encoding parseEncoding(String text, String what) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "json" -> PlcClient.Encoding.JSON;
            case "xmlrpc", "xml-rpc" -> PlcClient.Encoding.XML_RPC;
            default -> throw PlanetLabException.invalidArgument(
                    what + ": \"" + text + "\" is not an encoding; use json or xmlrpc");
        };
    }

    private static String nonEmpty(String text, String what) {
        if (text.isEmpty()) {
            throw PlanetLabException.invalidArgument(what + " is empty");
        }
        return text;
    }
}
