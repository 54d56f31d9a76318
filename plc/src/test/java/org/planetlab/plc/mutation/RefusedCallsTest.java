package org.planetlab.plc.mutation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingClock;
import org.planetlab.plc.testing.TestingPlc;

/**
 * State-changing calls refused before they run (authentication, the role table, the argument
 * checks) are in the event log with their fault, without secrets, and a flood of them from one
 * address is recorded only up to a rate, with a count of what was left out.
 */
class RefusedCallsTest {
    private static final Map<String, Object> SITE = Map.of("login_base", "refused", "name", "Refused",
            "abbreviated_name", "Refused");

    private TestingClock clock;
    private TestingPlc testing;
    private PlcClient operator;
    private Credentials.Password user;
    private long userId;
    private long operatorId;

    @BeforeEach
    void start() {
        clock = new TestingClock(Instant.parse("2026-01-01T00:00:00Z"));
        testing = TestingPlc.start(StoreKind.SQLITE, clock);
        operator = testing.operator(PlcClient.Encoding.XML_RPC);
        Registry registry = new Registry(operator);
        user = registry.person("mallory@refusals.org", "user", registry.site("refusals"));
        userId = registry.personId(user.email());
        operatorId = registry.personId(TestingPlc.OPERATOR_EMAIL);
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void refusalsByRoleArgumentsAndAuthenticationAreRecordedWithoutSecrets() {
        assertThatThrownBy(() -> testing.client(user, PlcClient.Encoding.JSON).call("AddSite", SITE))
                .isInstanceOf(PlanetLabException.class);
        assertThatThrownBy(() -> operator.call("AddSite", Map.of("login_base", "Not Valid")))
                .isInstanceOf(PlanetLabException.class);
        assertThatThrownBy(() -> testing.client(new Credentials.Password(user.email(), "hunter2-secret"),
                PlcClient.Encoding.XML_RPC).call("DeleteSite", "refusals")).isInstanceOf(PlanetLabException.class);

        List<Map<String, Object>> refused = refusedEvents();
        assertThat(refused).extracting(event -> event.get("call_name"), event -> event.get("fault_code"),
                        event -> event.get("person_id"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("AddSite", 108L, userId),
                        org.assertj.core.groups.Tuple.tuple("AddSite", 102L, operatorId),
                        org.assertj.core.groups.Tuple.tuple("DeleteSite", 103L, null));
        assertThat(refused.get(0).get("message").toString()).contains("PERMISSION_DENIED").contains("from 127.0.0.1");
        assertThat(refused.get(2).get("auth_type")).isEqualTo("password");
        assertThat(refused.toString()).doesNotContain("hunter2-secret");
    }

    @Test
    void aFloodOfRefusalsFromOneAddressIsRecordedOnlyUpToARate() {
        PlcClient mallory = testing.client(user, PlcClient.Encoding.XML_RPC);
        List<Object> calls = new ArrayList<>();
        for (int index = 0; index < 100; index++) {
            calls.add(Map.of("methodName", "AddSite", "params", List.of(user.authStruct(), SITE)));
        }
        mallory.call("system.multicall", calls);
        mallory.call("system.multicall", calls);
        assertThat(refusedEvents()).hasSize(RefusedCalls.PER_SOURCE_BURST);

        clock.advance(RefusedCalls.PER_SOURCE_REFILL.multipliedBy(2));
        assertThatThrownBy(() -> mallory.call("AddSite", SITE)).isInstanceOf(PlanetLabException.class);
        List<Map<String, Object>> refused = refusedEvents();
        assertThat(refused).hasSize(RefusedCalls.PER_SOURCE_BURST + 1);
        assertThat(refused.getLast().get("message").toString())
                .contains((200 - RefusedCalls.PER_SOURCE_BURST) + " further refusals from this address were not recorded");
    }

    private List<Map<String, Object>> refusedEvents() {
        return rows(operator.call("GetEvents", Map.of("call_name", List.of("AddSite", "DeleteSite"), "~fault_code", 0L, "-SORT", "event_id"),
                List.of("call_name", "fault_code", "person_id", "auth_type", "message", "call")));
    }
}
