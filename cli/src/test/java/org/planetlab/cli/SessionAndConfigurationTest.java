package org.planetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.cli.exit.ExitCode;
import org.planetlab.cli.testing.Json;
import org.planetlab.cli.testing.PlRunner;
import org.planetlab.cli.testing.PlRunner.Result;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** Where pl finds its server and credentials, and sessions stored by {@code pl session login}, against a real PLC. */
class SessionAndConfigurationTest {
    private static TestingPlc plc;
    private static Credentials.Password pi;

    @TempDir
    Path home;

    private Path configFile;

    @BeforeAll
    static void startPlc() {
        plc = TestingPlc.start(StoreKind.SQLITE);
        Registry registry = new Registry(plc.operator(PlcClient.Encoding.JSON));
        pi = registry.person("pi@princeton.edu", "pi", registry.site("princeton"));
    }

    @AfterAll
    static void stopPlc() {
        plc.close();
    }

    @BeforeEach
    void writeConfiguration() throws IOException {
        Path operatorPassword = home.resolve("operator-password");
        Files.writeString(operatorPassword, TestingPlc.OPERATOR_PASSWORD + "\n");
        Files.setPosixFilePermissions(operatorPassword, PosixFilePermissions.fromString("rw-------"));
        configFile = home.resolve(".config/planetlab/pl.properties");
        Files.createDirectories(configFile.getParent());
        Files.writeString(configFile, "url = " + plc.uri() + "\nuser = " + TestingPlc.OPERATOR_EMAIL
                + "\npassword-file = " + operatorPassword + "\nencoding = xmlrpc\n");
    }

    private PlRunner pl() {
        return new PlRunner(Map.of("HOME", home.toString()), Clock.systemUTC());
    }

    private static String ok(Result result) {
        assertThat(result.exit()).as(result.toString()).isZero();
        return result.out();
    }

    @Test
    void theConfigurationFileAloneIsEnough() {
        assertThat(ok(pl().run("session", "check")))
                .contains("ok: " + TestingPlc.OPERATOR_EMAIL + " (from " + configFile + ", password from " + home.resolve("operator-password"));
        assertThat(ok(pl().run("node", "list"))).isEmpty();
    }

    @Test
    void theEnvironmentBeatsTheFileAndOptionsBeatTheEnvironment() throws IOException {
        PlRunner asPi = pl().with("PL_USER", pi.email()).with("PL_PASSWORD", pi.password());
        assertThat(ok(asPi.run("session", "check"))).contains("ok: pi@princeton.edu (from PL_USER, password from PL_PASSWORD)");

        Path piPassword = home.resolve("pi-password");
        Files.writeString(piPassword, pi.password());
        Files.setPosixFilePermissions(piPassword, PosixFilePermissions.fromString("rw-------"));
        assertThat(ok(pl().with("PL_USER", "nobody@example.org").with("PL_PASSWORD", "x")
                .run("--user", pi.email(), "--password-file", piPassword.toString(), "session", "check")))
                .contains("ok: pi@princeton.edu (from --user, password from --password-file)");

        Result elsewhere = pl().with("PL_URL", "http://127.0.0.1:1").run("--url", plc.uri().toString(), "session", "check");
        assertThat(elsewhere.exit()).as(elsewhere.toString()).isZero();
        Result unreachable = pl().with("PL_URL", "http://127.0.0.1:1").run("session", "check");
        assertThat(unreachable.exit()).isEqualTo(ExitCode.UNAVAILABLE.number());
    }

    @Test
    void aPasswordCanBeReadFromStandardInput() {
        Result result = pl().input(pi.password() + "\n").run("--user", pi.email(), "--password-file", "-", "session", "check");

        assertThat(ok(result)).contains("ok: pi@princeton.edu");
    }

    @Test
    void loginStoresAPrivateSessionThatLaterCommandsUseUntilLogout() throws IOException {
        PlRunner asPi = pl().with("PL_USER", pi.email()).with("PL_PASSWORD", pi.password());
        Result login = asPi.run("session", "login", "--expires", "3600");
        assertThat(login.exit()).as(login.toString()).isZero();
        Path sessionFile = home.resolve(".config/planetlab/session.properties");
        assertThat(login.err()).contains("logged in to " + plc.uri() + " as pi@princeton.edu; session stored in " + sessionFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sessionFile))).isEqualTo("rw-------");
        assertThat(Files.readString(sessionFile)).doesNotContain(pi.password());

        // Without PL_USER the stored session beats the file's user and password.
        assertThat(ok(pl().run("session", "check"))).contains("ok: pi@princeton.edu (stored session from pl session login)");
        assertThat(ok(pl().run("--json", "person", "list", "--fields", "email"))).contains("pi@princeton.edu");

        ok(pl().run("session", "logout"));
        assertThat(sessionFile).doesNotExist();
        assertThat(ok(pl().run("session", "check"))).contains("ok: " + TestingPlc.OPERATOR_EMAIL);
    }

    @Test
    void aSessionKeyCanBeGivenExplicitlyAndEndsWithLogout() {
        String key = (String) Json.parse(ok(pl().with("PL_USER", pi.email()).with("PL_PASSWORD", pi.password())
                .run("--json", "session", "login")));
        assertThat(key).isNotBlank();
        assertThat(ok(pl().with("PL_SESSION", key).run("session", "check"))).contains("ok: a session key (from PL_SESSION)");

        ok(pl().run("--session", key, "session", "logout"));

        Result ended = pl().with("PL_SESSION", key).run("session", "check");
        assertThat(ended.exit()).isEqualTo(ExitCode.AUTHENTICATION.number());
        assertThat(pl().run("session", "logout").exit()).as("password credentials are no session to end")
                .isEqualTo(ExitCode.USAGE.number());
    }

    @Test
    void aBrokenConfigurationFileIsAUsageErrorNamingTheKey() throws IOException {
        Files.writeString(configFile, "url = " + plc.uri() + "\npassword = secret\n");

        Result result = pl().run("site", "list");

        assertThat(result.exit()).isEqualTo(ExitCode.USAGE.number());
        assertThat(result.err()).contains(configFile + ": unknown key password").doesNotContain("secret");
    }
}
