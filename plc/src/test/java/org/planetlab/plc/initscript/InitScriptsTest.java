package org.planetlab.plc.initscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;
import static org.planetlab.plc.testing.Registry.struct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
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
 * Init scripts as the original PLCAPI had them: round trips on both stores and both encodings,
 * refusals that name the problem and change nothing, and a slice naming a script running it on
 * its nodes (GetSlivers lists the enabled scripts and resolves the sliver's bootscript).
 */
class InitScriptsTest {
    static Stream<Arguments> setups() {
        return Stream.of(
                Arguments.of(StoreKind.SQLITE, PlcClient.Encoding.XML_RPC, PlcClient.Encoding.JSON),
                Arguments.of(StoreKind.POSTGRESQL, PlcClient.Encoding.JSON, PlcClient.Encoding.XML_RPC));
    }

    @ParameterizedTest(name = "{0}: write {1}, read {2}")
    @MethodSource("setups")
    void scriptsReadBackIdenticalAndChangeAsAsked(StoreKind store, PlcClient.Encoding write, PlcClient.Encoding read) {
        Random random = new Random(store.ordinal());
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient writer = testing.operator(write);
            PlcClient reader = testing.operator(read);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", UnicodeStrings.random(random, 254));
            fields.put("enabled", false);
            fields.put("script", "#!/bin/sh\n" + UnicodeStrings.random(random, 4000));
            long id = (Long) writer.call("AddInitScript", fields);
            Map<String, Object> expected = new LinkedHashMap<>(fields);
            expected.put("initscript_id", id);
            assertThat(rows(reader.call("GetInitScripts", List.of(id)))).containsExactly(expected);
            assertThat(rows(reader.call("GetInitScripts", List.of(fields.get("name")), List.of("initscript_id"))))
                    .containsExactly(Map.of("initscript_id", id));

            long other = (Long) writer.call("AddInitScript", Map.of("name", "plain", "script", "echo plain"));
            assertThat(rows(reader.call("GetInitScripts", Map.of("enabled", true), List.of("name", "enabled"))))
                    .containsExactly(Map.of("name", "plain", "enabled", true));
            assertThat(writer.call("UpdateInitScript", other, Map.of("name", "renamed", "enabled", false)))
                    .isEqualTo(1L);
            assertThat(rows(reader.call("GetInitScripts", List.of("renamed"), List.of("initscript_id", "script"))))
                    .containsExactly(Map.of("initscript_id", other, "script", "echo plain"));
            assertThat(writer.call("DeleteInitScript", "renamed")).isEqualTo(1L);
            assertThat(writer.call("DeleteInitScript", id)).isEqualTo(1L);
            assertThat(rows(reader.call("GetInitScripts"))).isEmpty();
        }
    }

    @Test
    void refusedChangesNameTheProblemAndChangeNothing() {
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Registry registry = new Registry(operator);
            long site = registry.site("alab");
            PlcClient pi = operator.as(registry.person("pi@alab.org", "pi", site));
            long id = (Long) operator.call("AddInitScript", Map.of("name", "one", "script", "echo one"));
            operator.call("AddInitScript", Map.of("name", "two", "script", "echo two"));
            String before = RegistrySnapshot.take(testing.plc().database());

            assertFault(() -> operator.call("AddInitScript", Map.of("name", "one", "script", "x")),
                    ErrorCode.ALREADY_EXISTS, "init script name one is already used by initscript_id " + id);
            assertFault(() -> operator.call("AddInitScript", Map.of("name", "three")), ErrorCode.INVALID_ARGUMENT,
                    "script");
            assertFault(() -> operator.call("AddInitScript", Map.of("name", "", "script", "x")),
                    ErrorCode.INVALID_ARGUMENT, "name");
            assertFault(() -> operator.call("AddInitScript", Map.of("name", "x", "script", "x", "initscript_id", 9L)),
                    ErrorCode.INVALID_ARGUMENT, "initscript_id");
            assertFault(() -> operator.call("AddInitScript", Map.of("name", "x", "script", "x".repeat(65_537))),
                    ErrorCode.INVALID_ARGUMENT, "script");
            assertFault(() -> operator.call("UpdateInitScript", id, Map.of("name", "two")), ErrorCode.ALREADY_EXISTS,
                    "init script name two is already used");
            assertFault(() -> operator.call("UpdateInitScript", 999L, Map.of("enabled", false)), ErrorCode.NOT_FOUND,
                    "no init script with initscript_id 999");
            assertFault(() -> operator.call("DeleteInitScript", "nosuch"), ErrorCode.NOT_FOUND,
                    "no init script named nosuch");
            assertFault(() -> pi.call("AddInitScript", Map.of("name", "mine", "script", "x")),
                    ErrorCode.PERMISSION_DENIED, "AddInitScript may be called by");
            assertThat(rows(pi.call("GetInitScripts", List.of("one"), List.of("script"))))
                    .containsExactly(Map.of("script", "echo one"));
            assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
        }
    }

    @Test
    void aSliceNamingAnEnabledScriptRunsItOnItsNodes() {
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Registry registry = new Registry(operator);
            long site = registry.site("alab");
            long node = registry.node(site, "n1.alab.org", "10.9.0.1");
            PlcClient nodeClient = testing.client(testing.nodeSession(node), PlcClient.Encoding.XML_RPC);
            operator.call("AddSlice", Map.of("name", "alab_exp"));
            operator.call("AddSliceToNodes", "alab_exp", List.of(node));
            long id = (Long) operator.call("AddInitScript", Map.of("name", "setup", "script", "echo set up"));
            operator.call("SetSliceInitscript", "alab_exp", "setup");

            Map<String, Object> view = struct(nodeClient.call("GetSlivers"));
            assertThat(rows(view.get("initscripts"))).containsExactly(Map.of("initscript_id", id, "name", "setup",
                    "enabled", true, "script", "echo set up"));
            assertThat(bootscript(view)).isEqualTo("echo set up");

            operator.call("UpdateInitScript", id, Map.of("script", "echo changed"));
            assertThat(bootscript(struct(nodeClient.call("GetSlivers")))).isEqualTo("echo changed");

            operator.call("SetSliceInitscriptCode", "alab_exp", "echo own code");
            assertThat(bootscript(struct(nodeClient.call("GetSlivers")))).isEqualTo("echo own code");
            operator.call("SetSliceInitscriptCode", "alab_exp", "");
            assertThat(bootscript(struct(nodeClient.call("GetSlivers")))).isEqualTo("echo changed");

            operator.call("UpdateInitScript", id, Map.of("enabled", false));
            view = struct(nodeClient.call("GetSlivers"));
            assertThat(rows(view.get("initscripts"))).isEmpty();
            assertThat(bootscript(view)).isEmpty();
        }
    }

    private static String bootscript(Map<String, Object> view) {
        Map<String, Object> sliver = rows(view.get("slivers")).getFirst();
        return (String) struct(sliver.get("rspec")).get("bootscript");
    }

    private static void assertFault(ThrowableAssert.ThrowingCallable call, ErrorCode code, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PlanetLabException.class, fault -> {
            assertThat(fault.code()).isEqualTo(code);
            assertThat(fault.getMessage()).contains(text);
        });
    }
}
