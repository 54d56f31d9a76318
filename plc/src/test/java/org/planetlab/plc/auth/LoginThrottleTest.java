package org.planetlab.plc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Password guessing is throttled per account and per source address, and one request cannot
 * make the server hash more than a few passwords, however many calls a multicall holds.
 */
class LoginThrottleTest {
    private static final String THROTTLED = "too many failed logins for this account or from this address; retry in";

    private TestingClock clock;
    private TestingPlc testing;
    private Credentials.Password user;

    @BeforeEach
    void start() {
        clock = new TestingClock(Instant.parse("2026-01-01T00:00:00Z"));
        testing = TestingPlc.start(StoreKind.SQLITE, clock);
        Registry registry = new Registry(testing.operator(PlcClient.Encoding.XML_RPC));
        user = registry.person("guessed@throttle.org", "user", registry.site("throttle"));
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void anAccountIsLockedAfterTenWrongPasswordsWhetherOrNotItExistsAndReopensWithTime() {
        for (String email : List.of(user.email(), "nobody@throttle.org")) {
            PlcClient guesser = client(email, "wrong");
            for (int attempt = 0; attempt < LoginThrottle.Limits.DEFAULT.accountBurst(); attempt++) {
                assertFailed(() -> guesser.call("AuthCheck"), "no account with that e-mail and password");
            }
            assertFailed(() -> guesser.call("AuthCheck"), THROTTLED);
        }
        // Even the right password is refused while the account is locked: no oracle for guessers.
        PlcClient owner = testing.client(user, PlcClient.Encoding.JSON);
        assertFailed(() -> owner.call("AuthCheck"), THROTTLED);
        clock.advance(LoginThrottle.Limits.DEFAULT.accountRefill().multipliedBy(2));
        assertThat(owner.call("AuthCheck")).isEqualTo(1L);
    }

    @Test
    void oneSourceGuessingManyAccountsIsStopped() {
        int limit = LoginThrottle.Limits.DEFAULT.sourceBurst();
        for (int attempt = 0; attempt < limit; attempt++) {
            assertFailed(() -> client("account" + attempt() + "@throttle.org", "wrong").call("AuthCheck"),
                    "no account with that e-mail and password");
        }
        assertFailed(() -> testing.client(user, PlcClient.Encoding.XML_RPC).call("AuthCheck"), THROTTLED);
        clock.advance(LoginThrottle.Limits.DEFAULT.sourceRefill().multipliedBy(2));
        assertThat(testing.client(user, PlcClient.Encoding.XML_RPC).call("AuthCheck")).isEqualTo(1L);
    }

    @Test
    void aMulticallChecksIdenticalCredentialsOnceAndFewDistinctOnes() {
        PasswordHasher hasher = testing.plc().passwords();
        PlcClient anonymous = testing.client(new Credentials.Anonymous(), PlcClient.Encoding.XML_RPC);
        List<Object> same = new ArrayList<>();
        for (int index = 0; index < 200; index++) {
            same.add(Map.of("methodName", "AuthCheck", "params", List.of(new Credentials.Password(user.email(), "wrong")
                    .authStruct())));
        }
        long before = hasher.verifications();
        List<?> answers = (List<?>) anonymous.call("system.multicall", same);
        assertThat(hasher.verifications() - before).isEqualTo(1);
        assertThat(answers).hasSize(200).allSatisfy(answer -> assertThat(answer.toString())
                .contains("no account with that e-mail and password"));
        // One failure counted, not 200: the owner is not locked out by one request.
        assertThat(testing.client(user, PlcClient.Encoding.XML_RPC).call("AuthCheck")).isEqualTo(1L);

        List<Object> distinct = new ArrayList<>();
        for (int index = 0; index < 200; index++) {
            distinct.add(Map.of("methodName", "AuthCheck", "params", List.of(new Credentials.Password(
                    "someone" + index + "@throttle.org", "guess" + index).authStruct())));
        }
        before = hasher.verifications();
        answers = (List<?>) anonymous.call("system.multicall", distinct);
        assertThat(hasher.verifications() - before).isEqualTo(Authenticator.PASSWORDS_PER_REQUEST);
        assertThat(answers.getLast().toString()).contains("password pairs are checked per request");
    }

    @Test
    void aCallAfterTheAccountWasDeletedInTheSameMulticallIsRefused() {
        List<Object> calls = List.of(
                Map.of("methodName", "DeletePerson", "params", List.of(user.authStruct(), user.email())),
                Map.of("methodName", "AuthCheck", "params", List.of(user.authStruct())));
        List<?> answers = (List<?>) testing.client(new Credentials.Anonymous(), PlcClient.Encoding.XML_RPC)
                .call("system.multicall", calls);
        assertThat(answers.getFirst()).isEqualTo(List.of(1L));
        assertThat(answers.getLast().toString()).contains("AUTHENTICATION_FAILED");
    }

    private int counter;

    private int attempt() {
        return counter++;
    }

    private PlcClient client(String email, String password) {
        return testing.client(new Credentials.Password(email, password), PlcClient.Encoding.XML_RPC);
    }

    private static void assertFailed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(PlanetLabException.class)
                .satisfies(error -> assertThat(((PlanetLabException) error).code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                .hasMessageContaining(message);
    }
}
