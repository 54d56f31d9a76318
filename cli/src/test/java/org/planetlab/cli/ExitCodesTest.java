package org.planetlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.cli.exit.ExitCode;
import org.planetlab.cli.testing.FakePlc;
import org.planetlab.cli.testing.PlRunner;
import org.planetlab.cli.testing.PlRunner.Result;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** Each kind of failure ends {@code pl} with its documented exit code and a message that says what was wrong. */
class ExitCodesTest {
    private static TestingPlc plc;
    private static Credentials.Password user;

    @TempDir
    Path home;

    @BeforeAll
    static void startPlc() {
        plc = TestingPlc.start(StoreKind.SQLITE);
        Registry registry = new Registry(plc.operator(PlcClient.Encoding.JSON));
        long site = registry.site("princeton");
        user = registry.person("user@princeton.edu", "user", site);
        registry.site("emptysite");
        plc.operator(PlcClient.Encoding.JSON).call("UpdateSite", "emptysite", Map.of("max_slices", 0L));
    }

    @AfterAll
    static void stopPlc() {
        plc.close();
    }

    private PlRunner anyone() {
        return new PlRunner(Map.of("PL_URL", plc.uri().toString(), "HOME", home.toString()), Clock.systemUTC());
    }

    private PlRunner operator() {
        return anyone().with("PL_USER", TestingPlc.OPERATOR_EMAIL).with("PL_PASSWORD", TestingPlc.OPERATOR_PASSWORD);
    }

    private PlRunner asUser() {
        return anyone().with("PL_USER", user.email()).with("PL_PASSWORD", user.password());
    }

    private static Result expect(Result result, ExitCode exit, String message) {
        assertThat(result.exit()).as(result.toString()).isEqualTo(exit.number());
        assertThat(result.err()).as(result.toString()).contains(message);
        assertThat(result.out()).as("nothing on standard output when failing").isEmpty();
        return result;
    }

    @Test
    void everyErrorCodeHasTheExitCodeOfItsCategory() {
        Map<ErrorCode, ExitCode> expected = new EnumMap<>(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            expected.put(code, switch (code.category()) {
                case USER_ERROR -> ExitCode.INVALID;
                case AUTHENTICATION -> ExitCode.AUTHENTICATION;
                case PERMISSION -> ExitCode.PERMISSION;
                case NOT_FOUND -> ExitCode.NOT_FOUND;
                case CONFLICT, LIMIT -> ExitCode.CONFLICT;
                case INTERNAL -> code == ErrorCode.UNAVAILABLE ? ExitCode.UNAVAILABLE : ExitCode.SERVER_ERROR;
            });
        }
        expected.forEach((code, exit) -> assertThat(ExitCode.of(code)).as(code.name()).isEqualTo(exit));
        assertThat(ExitCode.values()).extracting(ExitCode::number).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void usageErrorsExitWithTwo() {
        expect(operator().run("site", "list", "--colour", "blue"), ExitCode.USAGE, "Unknown option: '--colour'");
        expect(operator().run("site", "update", "princeton", "--max-slices", "ten"), ExitCode.USAGE,
                "Invalid value for option '--max-slices': expected an integer, got 'ten'");
        expect(operator().run("site", "add", "--name", "No Login Base", "--abbreviated-name", "x"), ExitCode.USAGE,
                "Missing required option: '--login-base=LOGIN_BASE'");
        expect(operator().run("site"), ExitCode.USAGE, "pl site needs a subcommand: add, list, show, update, delete");
        expect(operator().run("slice", "list", "--filter", "princeton"), ExitCode.USAGE, "expected FIELD=VALUE");
        expect(anyone().without("PL_URL").run("site", "list"), ExitCode.USAGE, "no PLC address: give --url URL, set PL_URL");
        expect(anyone().run("--url", "ftp://plc.example.org", "site", "list"), ExitCode.USAGE, "is not an http:// or https:// URL");
    }

    @Test
    void authenticationFailuresExitWithThree() {
        expect(operator().with("PL_PASSWORD", "wrong").run("site", "list"), ExitCode.AUTHENTICATION, "");
        expect(anyone().run("site", "add", "--login-base", "mit", "--name", "MIT", "--abbreviated-name", "MIT"),
                ExitCode.AUTHENTICATION, "AddSite needs credentials and none are configured: give --user EMAIL with"
                        + " --password-file FILE, set PL_USER and PL_PASSWORD");
        expect(anyone().with("PL_USER", "user@princeton.edu").run("site", "list"), ExitCode.AUTHENTICATION,
                "no password for user@princeton.edu (from PL_USER)");
        // Public information needs no credentials at all.
        assertThat(anyone().run("site", "list").out()).contains("princeton");
    }

    @Test
    void permissionDeniedExitsWithFour() {
        expect(asUser().run("site", "add", "--login-base", "mit", "--name", "MIT", "--abbreviated-name", "MIT"),
                ExitCode.PERMISSION, "");
    }

    @Test
    void notFoundExitsWithFive() {
        expect(operator().run("site", "show", "nosuch"), ExitCode.NOT_FOUND, "no Site nosuch");
        expect(operator().run("site", "update", "nosuch", "--name", "Nowhere"), ExitCode.NOT_FOUND, "nosuch");
        expect(operator().run("key", "delete", "999999"), ExitCode.NOT_FOUND, "999999");
    }

    @Test
    void conflictsAndQuotasExitWithSix() {
        expect(operator().run("site", "add", "--login-base", "princeton", "--name", "Again", "--abbreviated-name", "Again"),
                ExitCode.CONFLICT, "princeton");
        expect(operator().run("slice", "add", "--name", "emptysite_test"), ExitCode.CONFLICT, "max_slices");
    }

    @Test
    void argumentsTheServerRefusesExitWithSeven() {
        expect(operator().run("site", "add", "--login-base", "Not Valid!", "--name", "x", "--abbreviated-name", "x"),
                ExitCode.INVALID, "login_base");
    }

    @Test
    void anUnreachablePlcExitsWithEight() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        expect(operator().with("PL_URL", "http://127.0.0.1:" + port).run("site", "list"), ExitCode.UNAVAILABLE,
                "cannot reach PLC at http://127.0.0.1:" + port);
        try (FakePlc unavailable = FakePlc.failingWith(503, "UNAVAILABLE", "PLC is shutting down")) {
            expect(operator().with("PL_URL", unavailable.uri().toString()).run("site", "list"), ExitCode.UNAVAILABLE,
                    "PLC is shutting down");
        }
        try (FakePlc notPlc = FakePlc.answering(500, "text/html", "<html><body>Error 500</body></html>")) {
            expect(operator().with("PL_URL", notPlc.uri().toString()).run("site", "list"), ExitCode.UNAVAILABLE,
                    "with something other than the PLC API");
            expect(operator().with("PL_URL", notPlc.uri().toString()).with("PL_ENCODING", "xmlrpc").run("site", "list"),
                    ExitCode.UNAVAILABLE, "PLC answered HTTP 500");
        }
    }

    @Test
    void anInternalErrorInPlcExitsWithNine() {
        try (FakePlc broken = FakePlc.failingWith(500, "INTERNAL_ERROR", "the database is gone")) {
            expect(operator().with("PL_URL", broken.uri().toString()).run("node", "list"), ExitCode.SERVER_ERROR,
                    "the database is gone");
        }
    }

    @Test
    void overXmlRpcTheExitCodeIsTheSameAsOverJson() {
        PlRunner xmlrpc = operator().with("PL_ENCODING", "xmlrpc");
        expect(xmlrpc.with("PL_PASSWORD", "wrong").run("site", "list"), ExitCode.AUTHENTICATION, "");
        expect(asUser().with("PL_ENCODING", "xmlrpc").run("site", "delete", "princeton"), ExitCode.PERMISSION, "");
        // PLCAPI numbers "not found" 102 like "invalid argument"; the fault's errorCode member tells them apart.
        expect(xmlrpc.run("site", "update", "nosuch", "--name", "Nowhere"), ExitCode.NOT_FOUND, "nosuch");
        expect(xmlrpc.run("site", "add", "--login-base", "Not Valid!", "--name", "x", "--abbreviated-name", "x"),
                ExitCode.INVALID, "login_base");
    }

    @Test
    void aBatchExitsWithTheCodeOfItsFirstFailedCall() throws IOException {
        Path calls = home.resolve("calls.json");
        Files.writeString(calls, """
                [{"method": "GetSites", "params": ["princeton", ["login_base"]]},
                 {"method": "DeleteSite", "params": ["princeton"]},
                 {"method": "AuthCheck"}]
                """);
        Result result = asUser().run("batch", calls.toString());

        assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCode.PERMISSION.number());
        assertThat(result.out()).contains("GetSites", "{login_base=princeton}", "DeleteSite", "error 108", "AuthCheck");
        Result ok = operator().run("--json", "batch", "-");
        assertThat(ok.exit()).isEqualTo(ExitCode.USAGE.number());
    }

    @Test
    void aBatchTellsNotFoundFromInvalidThoughPlcapiNumbersBoth102() throws IOException {
        Path calls = home.resolve("missing.json");
        Files.writeString(calls, """
                [{"method": "UpdateSite", "params": ["nosuch", {"name": "Nowhere"}]},
                 {"method": "AddSite", "params": [{"login_base": "Not Valid!", "name": "x", "abbreviated_name": "x"}]}]
                """);
        Result result = operator().run("batch", calls.toString());

        assertThat(result.exit()).as(result.toString()).isEqualTo(ExitCode.NOT_FOUND.number());
        assertThat(result.out()).contains("error 102");
    }

    @Test
    void aNodeWhoseInterfaceIsRefusedIsWithdrawnSoTheCommandCanBeRepeated() {
        Result refused = operator().run("node", "add", "princeton", "--hostname", "planetlab9.cs.princeton.edu", "--ip", "999.1.2");
        expect(refused, ExitCode.INVALID, "the primary interface was refused, so node");
        Result again = operator().run("node", "add", "princeton", "--hostname", "planetlab9.cs.princeton.edu", "--ip", "128.112.139.99");
        assertThat(again.exit()).as(again.toString()).isZero();
    }
}
