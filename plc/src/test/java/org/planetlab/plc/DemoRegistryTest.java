package org.planetlab.plc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planetlab.plc.testing.Registry.rows;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** The demonstration registry, seeded through the services, is what its accounts see over the API. */
class DemoRegistryTest {
    @Test
    void theDemoUserCanLogInAndSeesTheSliceOnEveryNode() {
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE)) {
            DemoRegistry.Credentials credentials = new DemoRegistry(testing.plc(), new SecureRandom()).seed(2);
            PlcClient user = testing.operator(PlcClient.Encoding.JSON).as(new Credentials.Password(DemoRegistry.USER,
                    credentials.passwordsByEmail().get(DemoRegistry.USER)));

            Map<String, Object> slice = rows(user.call("GetSlices", List.of(DemoRegistry.SLICE),
                    List.of("node_ids", "person_ids", "state"))).getFirst();
            assertThat((List<?>) slice.get("node_ids")).hasSize(2);
            assertThat((List<?>) slice.get("person_ids")).hasSize(1);
            assertThat(slice.get("state")).isEqualTo("started");
            assertThat(rows(user.call("GetNodes", credentials.nodes(), List.of("boot_state"))))
                    .containsOnly(Map.of("boot_state", "boot"));
            assertThat(rows(testing.operator(PlcClient.Encoding.JSON).call("GetEvents",
                    Map.of("call_name", "AddSliceToNodes")))).hasSize(1);
        }
    }
}
