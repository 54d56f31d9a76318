package org.planetlab.plc.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** Sessions opened and ended typed: for persons and nodes only, in bounds, and never written down in clear. */
class SessionServiceTest {
    private TestingPlc testing;
    private SessionService sessions;
    private PlcClient operator;
    private Caller user;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        sessions = testing.plc().sessionService();
        operator = testing.operator(PlcClient.Encoding.JSON);
        Registry registry = new Registry(operator);
        long siteId = registry.site("sessions");
        registry.person("user@sessions.org", "user", siteId);
        user = Caller.person(registry.personId("user@sessions.org"), Set.of(Role.USER), List.of(siteId), "password",
                Optional.empty());
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void anOpenedSessionAuthenticatesAndItsKeyIsWrittenNowhere() {
        OpenedSession session = sessions.open(user, OptionalLong.of(600));

        assertThat(operator.as(new Credentials.Session(session.key())).call("AuthCheck")).isEqualTo(1L);
        assertThat(session.toString()).doesNotContain(session.key());
        assertThat(storedText()).doesNotContain(session.key());
        Map<String, Object> event = rows(operator.call("GetEvents", Map.of("call_name", "GetSession"))).getFirst();
        assertThat(event.get("message")).isEqualTo("session opened for person " + user.personId().orElseThrow()
                + ", valid 600 s");
    }

    @Test
    void aCallerWithASessionGetsThatSessionBack() {
        OpenedSession first = sessions.open(user, OptionalLong.empty());
        Caller withSession = Caller.person(user.personId().orElseThrow(), user.roles(), user.siteIds(), "session",
                Optional.of(first.key()));

        OpenedSession again = sessions.open(withSession, OptionalLong.of(600));

        assertThat(again.key()).isEqualTo(first.key());
        assertThat(again.expires()).isEqualTo(first.expires());
        assertThat(sessionCount()).isEqualTo(1);
    }

    @Test
    void onlyPersonsAndNodesOpenSessionsForTheirOwnLifetimeBounds() {
        assertRefused(() -> sessions.open(Caller.ANONYMOUS, OptionalLong.empty()), ErrorCode.PERMISSION_DENIED,
                "anonymous has no account to open a session for");
        assertRefused(() -> sessions.open(Caller.INTERNAL, OptionalLong.empty()), ErrorCode.PERMISSION_DENIED,
                "PLC has no account");
        assertRefused(() -> sessions.open(user, OptionalLong.of(59)), ErrorCode.INVALID_ARGUMENT,
                "a session lives from 60 to");
        assertRefused(() -> sessions.open(user, OptionalLong.of(31L * 24 * 3600)), ErrorCode.INVALID_ARGUMENT,
                "not " + 31L * 24 * 3600);

        assertThat(sessionCount()).isZero();
        assertThat(rows(operator.call("GetEvents", Map.of("call_name", "GetSession"), List.of("fault_code"))))
                .hasSize(4).allSatisfy(event -> assertThat(event.get("fault_code")).isNotEqualTo(0L));
    }

    @Test
    void closingEndsTheSessionTheCallerUses() {
        OpenedSession session = sessions.open(user, OptionalLong.empty());
        assertRefused(() -> sessions.close(user), ErrorCode.INVALID_ARGUMENT, "call it with auth {AuthMethod: session}");
        assertThat(sessionCount()).isEqualTo(1);

        sessions.close(Caller.person(user.personId().orElseThrow(), user.roles(), user.siteIds(), "session",
                Optional.of(session.key())));

        assertThat(sessionCount()).isZero();
        assertRefused(() -> operator.as(new Credentials.Session(session.key())).call("AuthCheck"),
                ErrorCode.AUTHENTICATION_FAILED, "unknown or has expired");
    }

    private long sessionCount() {
        return testing.plc().database().read(handle -> handle.createQuery("SELECT COUNT(*) FROM sessions")
                .mapTo(Long.class).one());
    }

    /** Everything the event log and the session table hold, as text. */
    private String storedText() {
        return testing.plc().database().read(handle -> String.join("\n", handle.createQuery(
                "SELECT call_args || ' ' || message FROM events").mapTo(String.class).list())
                + handle.createQuery("SELECT session_hash FROM sessions").mapTo(String.class).list());
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
