package org.planetlab.plc.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.plc.testing.UnicodeStrings;

/**
 * Message templates as the original PLCAPI kept them: round trips on both stores and both
 * encodings, nodes reading them, and refusals that name the problem and change nothing.
 */
class MessagesTest {
    static Stream<Arguments> setups() {
        return Stream.of(
                Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.XML_RPC, PlcClient.Encoding.JSON),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.JSON, PlcClient.Encoding.XML_RPC));
    }

    @ParameterizedTest(name = "{0}: write {1}, read {2}")
    @MethodSource("setups")
    void templatesRoundTripAndRefusalsChangeNothing(StoreKind store, PlcClient.Encoding write,
            PlcClient.Encoding read) {
        Random random = new Random(store.ordinal() + 11);
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(write);
            PlcClient reader = testing.operator(read);
            Registry registry = new Registry(operator);
            long site = registry.site("alab");
            long node = registry.node(site, "n1.alab.org", "10.9.0.1");
            PlcClient pi = testing.client(registry.person("pi@alab.org", "pi", site), read);

            Map<String, Object> message = new LinkedHashMap<>();
            message.put("message_id", UnicodeStrings.random(random, 254));
            message.put("subject", UnicodeStrings.random(random, 200));
            message.put("template", "Dear %(first_name)s,\n" + UnicodeStrings.random(random, 3000));
            message.put("enabled", false);
            assertThat(operator.call("AddMessage", message)).isEqualTo(1L);
            assertThat(rows(reader.call("GetMessages", List.of(message.get("message_id"))))).containsExactly(message);
            assertThat(operator.call("AddMessage", Map.of("message_id", "Verify account"))).isEqualTo(1L);
            Map<String, Object> plain = new LinkedHashMap<>();
            plain.put("message_id", "Verify account");
            plain.put("subject", null);
            plain.put("template", null);
            plain.put("enabled", true);
            assertThat(rows(testing.client(testing.nodeSession(node), read).call("GetMessages",
                    Map.of("enabled", true)))).containsExactly(plain);
            assertThat(operator.call("UpdateMessage", "Verify account", Map.of("subject", "Verify %(email)s")))
                    .isEqualTo(1L);
            assertThat(rows(reader.call("GetMessages", List.of("Verify account"), List.of("subject"))))
                    .containsExactly(Map.of("subject", "Verify %(email)s"));

            String before = RegistrySnapshot.take(testing.plc().database());
            assertFault(() -> operator.call("AddMessage", Map.of("message_id", "Verify account")),
                    ErrorCode.ALREADY_EXISTS, "message Verify account exists already");
            assertFault(() -> operator.call("AddMessage", Map.of("subject", "no id")), ErrorCode.INVALID_ARGUMENT,
                    "message_id");
            assertFault(() -> operator.call("AddMessage", Map.of("message_id", "x".repeat(255))),
                    ErrorCode.INVALID_ARGUMENT, "message_id");
            assertFault(() -> operator.call("UpdateMessage", "Verify account", Map.of("message_id", "renamed")),
                    ErrorCode.INVALID_ARGUMENT, "message_id");
            assertFault(() -> operator.call("UpdateMessage", "nosuch", Map.of("enabled", true)), ErrorCode.NOT_FOUND,
                    "no message nosuch");
            assertFault(() -> operator.call("DeleteMessage", "nosuch"), ErrorCode.NOT_FOUND, "no message nosuch");
            assertFault(() -> reader.call("GetMessages", List.of(1L)), ErrorCode.INVALID_ARGUMENT,
                    "messages are named by their message_id");
            assertFault(() -> pi.call("GetMessages"), ErrorCode.PERMISSION_DENIED, "GetMessages may be called by");
            assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);

            assertThat(operator.call("DeleteMessage", "Verify account")).isEqualTo(1L);
            assertThat(rows(reader.call("GetMessages", null, List.of("message_id"))))
                    .containsExactly(Map.of("message_id", message.get("message_id")));
        }
    }

    private static void assertFault(ThrowableAssert.ThrowingCallable call, ErrorCode code, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, fault -> {
            assertThat(fault.code()).isEqualTo(code);
            assertThat(fault.getMessage()).contains(text);
        });
    }
}
