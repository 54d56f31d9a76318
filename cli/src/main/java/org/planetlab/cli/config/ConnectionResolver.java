package org.planetlab.cli.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Decides where and as whom to call PLC. Each setting comes from the command line, else the
 * environment ({@code PL_URL}, {@code PL_USER}, {@code PL_PASSWORD}, {@code PL_SESSION},
 * {@code PL_ENCODING}), else the configuration file. Credentials come from the most specific
 * place that has any, in this order: {@code --session}; {@code --user}; {@code PL_SESSION};
 * {@code PL_USER}; the session stored by {@code pl session login} for the same PLC; the file's
 * {@code user}; else none (anonymous). A user's password is taken from {@code --password-file},
 * else {@code PL_PASSWORD}, else the file's {@code password-file}. For https, the CA that PLC's
 * certificate must chain to comes from {@code --ca-file}, {@code PL_CA_FILE} or {@code ca-file}.
 */
public final class ConnectionResolver {
    private final Map<String, String> environment;
    private final Optional<ConfigLocation> location;
    private final PasswordSource passwords;
    private final SecureRandom random;
    private ClientConfig config;

    public ConnectionResolver(Map<String, String> environment, PasswordSource passwords, SecureRandom random) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.random = requireNonNull(random, "random is null");
        this.location = ConfigLocation.from(environment);
    }

    public Optional<ConfigLocation> location() {
        return location;
    }

    /** The connection for an ordinary call. */
    public Connection resolve(ConnectionRequest request) {
        Server server = server(request);
        if (request.session() != null) {
            return server.as(new Credentials.Session(request.session()), "a session key (from --session)");
        }
        if (request.user() != null) {
            return passwordConnection(server, request, request.user(), "--user");
        }
        String envSession = env("PL_SESSION");
        if (envSession != null) {
            return server.as(new Credentials.Session(envSession), "a session key (from PL_SESSION)");
        }
        if (env("PL_USER") != null) {
            return passwordConnection(server, request, env("PL_USER"), "PL_USER");
        }
        Optional<StoredSession> stored = storedSession().filter(session -> sameServer(session.url(), server.url()));
        if (stored.isPresent()) {
            return server.as(new Credentials.Session(stored.get().key()),
                    stored.get().user() + " (stored session from pl session login)");
        }
        if (config().user().isPresent()) {
            return passwordConnection(server, request, config().user().get(), configName());
        }
        return server.as(new Credentials.Anonymous(), "anonymous (no credentials configured)");
    }

    /** The connection with a user's password, ignoring sessions: what {@code pl session login} needs. */
    public Connection resolvePassword(ConnectionRequest request) {
        Server server = server(request);
        if (request.user() != null) {
            return passwordConnection(server, request, request.user(), "--user");
        }
        if (env("PL_USER") != null) {
            return passwordConnection(server, request, env("PL_USER"), "PL_USER");
        }
        if (config().user().isPresent()) {
            return passwordConnection(server, request, config().user().get(), configName());
        }
        throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "logging in needs a user and a password: give"
                + " --user EMAIL with --password-file FILE, set PL_USER and PL_PASSWORD, or put user and password-file in "
                + configName());
    }

    /** The connection without credentials, for calls that carry their own (a certificate, a node's signature). */
    public Connection resolveAnonymous(ConnectionRequest request) {
        return server(request).as(new Credentials.Anonymous(), "anonymous");
    }

    /** The stored session, whatever PLC it belongs to. */
    public Optional<StoredSession> storedSession() {
        return location.flatMap(where -> StoredSession.read(where.sessionFile()));
    }

    /** The PLC address alone. */
    public URI url(ConnectionRequest request) {
        if (request.url() != null) {
            return ClientConfig.parseUrl(request.url(), "--url");
        }
        if (env("PL_URL") != null) {
            return ClientConfig.parseUrl(env("PL_URL"), "PL_URL");
        }
        return config().url().orElseThrow(() -> PlanetLabException.invalidArgument(
                "no PLC address: give --url URL, set PL_URL, or put url=URL in " + configName()));
    }

    /** The file of the certificate authority PLC's TLS certificate must chain to, if one is configured. */
    public Optional<Path> certificateAuthority(ConnectionRequest request) {
        return Optional.ofNullable(caFile(request));
    }

    private Server server(ConnectionRequest request) {
        return new Server(url(request), encoding(request), TrustedCa.httpClient(caFile(request), random));
    }

    private Path caFile(ConnectionRequest request) {
        if (request.caFile() != null) {
            return request.caFile();
        }
        if (env("PL_CA_FILE") != null) {
            return Path.of(env("PL_CA_FILE"));
        }
        return config().caFile().orElse(null);
    }

    private PlcClient.Encoding encoding(ConnectionRequest request) {
        if (request.encoding() != null) {
            return ClientConfig.parseEncoding(request.encoding(), "--encoding");
        }
        if (env("PL_ENCODING") != null) {
            return ClientConfig.parseEncoding(env("PL_ENCODING"), "PL_ENCODING");
        }
        return config().encoding().orElse(PlcClient.Encoding.JSON);
    }

    private Connection passwordConnection(Server server, ConnectionRequest request, String user, String userSource) {
        String password;
        String passwordSource;
        if (request.passwordFile() != null) {
            password = passwords.read(request.passwordFile(), "password file");
            passwordSource = "--password-file";
        } else if (environment.containsKey("PL_PASSWORD")) {
            password = environment.get("PL_PASSWORD");
            passwordSource = "PL_PASSWORD";
        } else if (config().passwordFile().isPresent()) {
            Path file = config().passwordFile().get();
            password = passwords.read(file, "password file");
            passwordSource = file.toString();
        } else {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "no password for " + user + " (from " + userSource
                    + "): give --password-file FILE, set PL_PASSWORD, or put password-file=FILE in " + configName());
        }
        if (password.isEmpty()) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "the password for " + user + " from "
                    + passwordSource + " is empty");
        }
        return server.as(new Credentials.Password(user, password),
                user + " (from " + userSource + ", password from " + passwordSource + ")");
    }

    private ClientConfig config() {
        if (config == null) {
            config = location.map(where -> ClientConfig.load(where.configFile())).orElse(ClientConfig.EMPTY);
        }
        return config;
    }

    private String configName() {
        return location.map(where -> where.configFile().toString()).orElse("the configuration file (set PL_CONFIG or HOME)");
    }

    private String env(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean sameServer(URI stored, URI wanted) {
        return stripSlash(stored.toString()).equalsIgnoreCase(stripSlash(wanted.toString()));
    }

    private static String stripSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
