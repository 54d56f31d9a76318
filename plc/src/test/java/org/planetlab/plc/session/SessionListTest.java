package org.planetlab.plc.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.SessionStore;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * GetSessions on both stores and both encodings: operators see the open sessions of persons and
 * nodes, each named by its key's digest, which is no credential; a closed session is gone.
 */
class SessionListTest {
    static Stream<Arguments> setups() {
        return Stream.of(Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.XML_RPC),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.JSON));
    }

    @ParameterizedTest
    @MethodSource("setups")
    void operatorsSeeOpenSessionsButNoKeys(StoreKind store, PlcClient.Encoding encoding) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(encoding);
            Registry registry = new Registry(operator);
            long site = registry.site("alab");
            PlcClient user = testing.client(registry.person("user@alab.org", "user", site), encoding);
            long userId = registry.personId("user@alab.org");
            long node = registry.node(site, "n1.alab.org", "10.9.0.1");

            String granted = (String) operator.call("AddSession", "user@alab.org");
            String own = (String) user.call("GetSession");
            PlcClient nodeClient = testing.client(testing.nodeSession(node), encoding);
            String nodeKey = (String) nodeClient.call("GetSession");

            List<Map<String, Object>> sessions = rows(operator.call("GetSessions"));
            assertThat(sessions).extracting(session -> session.get("session_id")).doesNotContain(granted, own, nodeKey)
                    .contains(SessionStore.hash(granted), SessionStore.hash(own), SessionStore.hash(nodeKey));
            assertThat(rows(operator.call("GetSessions", List.of(SessionStore.hash(nodeKey)))))
                    .singleElement().satisfies(session -> assertThat(session)
                            .containsEntry("node_id", node).containsEntry("person_id", null)
                            .containsKey("expires"));
            assertThat(rows(operator.call("GetSessions", Map.of("person_id", userId))))
                    .extracting(session -> session.get("session_id"))
                    .containsExactlyInAnyOrder(SessionStore.hash(granted), SessionStore.hash(own));

            // The digest names a session; it does not open one.
            PlcClient withDigest = testing.client(new Credentials.Session(SessionStore.hash(granted)), encoding);
            assertThatThrownBy(() -> withDigest.call("AuthCheck")).isInstanceOfSatisfying(PlanetLabException.class,
                    fault -> assertThat(fault.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED));
            assertThatThrownBy(() -> operator.call("GetSessions", List.of(1L)))
                    .isInstanceOfSatisfying(PlanetLabException.class, fault -> {
                        assertThat(fault.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(fault.getMessage()).contains("session_filter: sessions are named by their session_id");
                    });
            assertThatThrownBy(() -> user.call("GetSessions")).isInstanceOfSatisfying(PlanetLabException.class,
                    fault -> assertThat(fault.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));

            testing.client(new Credentials.Session(own), encoding).call("DeleteSession");
            assertThat(rows(operator.call("GetSessions", List.of(SessionStore.hash(own))))).isEmpty();
        }
    }
}
