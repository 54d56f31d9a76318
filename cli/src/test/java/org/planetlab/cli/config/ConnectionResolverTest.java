package org.planetlab.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

class ConnectionResolverTest {
    @TempDir
    Path home;

    private final Map<String, String> environment = new HashMap<>();
    private final StringWriter warnings = new StringWriter();
    private String stdin = "";

    @BeforeEach
    void setUp() {
        environment.put("HOME", home.toString());
    }

    private ConnectionResolver resolver() {
        return new ConnectionResolver(environment, new PasswordSource(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(warnings, true)),
                new java.security.SecureRandom());
    }

    private Path configFile() {
        return home.resolve(".config/planetlab/pl.properties");
    }

    private void config(String text) throws IOException {
        Files.createDirectories(configFile().getParent());
        Files.writeString(configFile(), text);
    }

    private Path secret(String name, String password) throws IOException {
        Path file = home.resolve(name);
        Files.writeString(file, password + "\nignored second line\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static ConnectionRequest options(String url, String user, Path passwordFile, String session) {
        return new ConnectionRequest(url, user, passwordFile, session, null, null);
    }

    @Test
    void theUrlComesFromTheOptionThenTheEnvironmentThenTheFile() throws IOException {
        config("url = http://from-file.example.org\n");
        assertThat(resolver().url(ConnectionRequest.NONE)).isEqualTo(URI.create("http://from-file.example.org"));
        environment.put("PL_URL", "http://from-env.example.org");
        assertThat(resolver().url(ConnectionRequest.NONE)).isEqualTo(URI.create("http://from-env.example.org"));
        assertThat(resolver().url(options("https://from-option.example.org", null, null, null)))
                .isEqualTo(URI.create("https://from-option.example.org"));
    }

    @Test
    void noUrlAnywhereSaysWhereToPutOne() {
        assertThatThrownBy(() -> resolver().resolve(ConnectionRequest.NONE)).isInstanceOf(PlanetLabException.class)
                .hasMessage("no PLC address: give --url URL, set PL_URL, or put url=URL in " + configFile());
    }

    @Test
    void passwordsComeFromTheOptionFileThenTheEnvironmentThenTheConfiguredFile() throws IOException {
        config("url = http://plc.example.org\nuser = file@example.org\npassword-file = " + secret("configured", "from-config") + "\n");
        assertThat(resolver().resolve(ConnectionRequest.NONE).credentials())
                .isEqualTo(new Credentials.Password("file@example.org", "from-config"));

        environment.put("PL_USER", "env@example.org");
        environment.put("PL_PASSWORD", "from-env");
        assertThat(resolver().resolve(ConnectionRequest.NONE).credentials())
                .isEqualTo(new Credentials.Password("env@example.org", "from-env"));

        Connection fromOptions = resolver().resolve(options(null, "option@example.org", secret("given", "from-option"), null));
        assertThat(fromOptions.credentials()).isEqualTo(new Credentials.Password("option@example.org", "from-option"));
        assertThat(fromOptions.identity()).isEqualTo("option@example.org (from --user, password from --password-file)")
                .doesNotContain("from-option");
    }

    @Test
    void aSessionBeatsAPasswordAtTheSameLevelOrBelow() throws IOException {
        config("url = http://plc.example.org\nuser = file@example.org\npassword-file = " + secret("configured", "pw") + "\n");
        environment.put("PL_SESSION", "env-session");
        assertThat(resolver().resolve(ConnectionRequest.NONE).credentials()).isEqualTo(new Credentials.Session("env-session"));
        // --user on the command line is more specific than PL_SESSION.
        assertThat(resolver().resolve(options(null, "option@example.org", secret("given", "pw2"), null)).credentials())
                .isEqualTo(new Credentials.Password("option@example.org", "pw2"));
        assertThat(resolver().resolve(options(null, null, null, "option-session")).credentials())
                .isEqualTo(new Credentials.Session("option-session"));
    }

    @Test
    void theStoredSessionIsUsedOnlyForItsOwnPlcAndYieldsToTheEnvironment() throws IOException {
        config("url = http://plc.example.org\nuser = file@example.org\npassword-file = " + secret("configured", "pw") + "\n");
        new StoredSession(URI.create("http://plc.example.org/"), "alice@example.org", "stored-key")
                .write(configFile().resolveSibling("session.properties"));

        Connection stored = resolver().resolve(ConnectionRequest.NONE);
        assertThat(stored.credentials()).isEqualTo(new Credentials.Session("stored-key"));
        assertThat(stored.who()).isEqualTo("this session");
        assertThat(resolver().resolve(options("http://other.example.org", null, null, null)).credentials())
                .isEqualTo(new Credentials.Password("file@example.org", "pw"));
        environment.put("PL_USER", "env@example.org");
        environment.put("PL_PASSWORD", "env-pw");
        assertThat(resolver().resolve(ConnectionRequest.NONE).credentials())
                .isEqualTo(new Credentials.Password("env@example.org", "env-pw"));
    }

    @Test
    void aStoredSessionFileIsPrivate() throws IOException {
        Path file = home.resolve("dir/session.properties");
        new StoredSession(URI.create("http://plc.example.org"), "alice@example.org", "k").write(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(StoredSession.read(file)).contains(new StoredSession(URI.create("http://plc.example.org"), "alice@example.org", "k"));
        assertThat(StoredSession.delete(file)).isTrue();
        assertThat(StoredSession.read(file)).isEmpty();
    }

    @Test
    void aUserWithoutAPasswordIsAnAuthenticationErrorNamingTheWaysToGiveOne() {
        environment.put("PL_URL", "http://plc.example.org");
        environment.put("PL_USER", "alice@example.org");

        assertThatThrownBy(() -> resolver().resolve(ConnectionRequest.NONE))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                .hasMessage("no password for alice@example.org (from PL_USER): give --password-file FILE, set PL_PASSWORD,"
                        + " or put password-file=FILE in " + configFile());
    }

    @Test
    void noCredentialsAtAllIsAnonymous() {
        environment.put("PL_URL", "http://plc.example.org");

        Connection connection = resolver().resolve(ConnectionRequest.NONE);

        assertThat(connection.isAnonymous()).isTrue();
        assertThat(connection.encoding()).isEqualTo(PlcClient.Encoding.JSON);
    }

    @Test
    void passwordsCanComeFromStandardInputAndSharedFilesAreWarnedAbout() throws IOException {
        environment.put("PL_URL", "http://plc.example.org");
        stdin = "typed-password\n";
        assertThat(resolver().resolve(options(null, "a@example.org", Path.of("-"), null)).credentials())
                .isEqualTo(new Credentials.Password("a@example.org", "typed-password"));

        Path shared = secret("shared", "pw");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        resolver().resolve(options(null, "a@example.org", shared, null));
        assertThat(warnings.toString()).contains(shared + " can be read by other users; chmod 600 " + shared);
    }

    @Test
    void unreadableOrEmptyPasswordFilesAreNamed() throws IOException {
        environment.put("PL_URL", "http://plc.example.org");
        Path missing = home.resolve("missing");
        assertThatThrownBy(() -> resolver().resolve(options(null, "a@example.org", missing, null)))
                .hasMessage("cannot read the password file " + missing + ": no such file");
        Path empty = home.resolve("empty");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> resolver().resolve(options(null, "a@example.org", empty, null)))
                .hasMessage("the password file " + empty + " is empty; its first line must be the password");
    }

    @Test
    void encodingAndConfigLocationFollowTheEnvironment() throws IOException {
        Path elsewhere = home.resolve("elsewhere.properties");
        Files.writeString(elsewhere, "url = http://elsewhere.example.org\nencoding = xmlrpc\n");
        environment.put("PL_CONFIG", elsewhere.toString());
        Connection connection = resolver().resolve(ConnectionRequest.NONE);
        assertThat(connection.url()).isEqualTo(URI.create("http://elsewhere.example.org"));
        assertThat(connection.encoding()).isEqualTo(PlcClient.Encoding.XML_RPC);
        environment.put("PL_ENCODING", "json");
        assertThat(resolver().resolve(ConnectionRequest.NONE).encoding()).isEqualTo(PlcClient.Encoding.JSON);
        assertThat(resolver().resolve(new ConnectionRequest(null, null, null, null, "xmlrpc", null)).encoding())
                .isEqualTo(PlcClient.Encoding.XML_RPC);
        environment.remove("PL_CONFIG");
        environment.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        assertThat(resolver().location()).contains(new ConfigLocation(home.resolve("xdg/planetlab/pl.properties")));
    }
}
