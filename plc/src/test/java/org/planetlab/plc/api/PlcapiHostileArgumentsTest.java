package org.planetlab.plc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.event.EventObjectApi;
import org.planetlab.api.initscript.InitScriptApi;
import org.planetlab.api.node.IlinkApi;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.notify.NotifyApi;
import org.planetlab.api.person.PrimarySiteApi;
import org.planetlab.api.person.VerificationApi;
import org.planetlab.api.message.MessageApi;
import org.planetlab.api.session.SessionGrantApi;
import org.planetlab.api.session.SessionListApi;
import org.planetlab.api.slice.LegacySliceApi;
import org.planetlab.api.slice.LegacySliceAttributeApi;
import org.planetlab.api.slice.LegacySliceInfoApi;
import org.planetlab.api.slice.SliceLookupApi;
import org.planetlab.api.slice.WhitelistApi;
import org.planetlab.api.tagging.AccessorApi;
import org.planetlab.api.tagging.ObjectTagApi;
import org.planetlab.api.vocabulary.VocabularyApi;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/**
 * Every method added for compatibility with the original PLCAPI, called by an operator with an
 * argument of the wrong type and with one argument too many, in both encodings: each call is
 * answered with a fault that names the parameter or the signature, and the registry is the
 * same afterwards.
 */
class PlcapiHostileArgumentsTest {
    private static List<MethodSpec> addedMethods() {
        return Stream.of(ObjectTagApi.METHODS, AccessorApi.METHODS, VocabularyApi.METHODS, PrimarySiteApi.METHODS,
                SliceLookupApi.METHODS, SessionGrantApi.METHODS, EventObjectApi.METHODS, NotifyApi.METHODS,
                LegacySliceApi.METHODS, InitScriptApi.METHODS, WhitelistApi.METHODS,
                IlinkApi.METHODS, SessionListApi.METHODS, LegacySliceAttributeApi.METHODS,
                LegacySliceInfoApi.METHODS, VerificationApi.METHODS,
                MessageApi.METHODS).flatMap(List::stream).toList();
    }

    @Test
    void wrongArgumentsAreRefusedByNameAndChangeNothing() {
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Registry registry = new Registry(operator);
            long site = registry.site("alab");
            registry.person("user@alab.org", "user", site);
            registry.node(site, "n1.alab.org", "10.9.0.1");
            operator.call("AddSlice", Map.of("name", "alab_exp", "url", "https://alab.org/", "description", "test"));
            operator.call("SetSliceVref", "alab_exp", "debian");
            operator.call("SetSiteHrn", "alab", "plc.alab");
            operator.call("AddInitScript", Map.of("name", "setup", "script", "echo setup"));
            operator.call("AddSliceToNodesWhitelist", "alab_exp", List.of("n1.alab.org"));
            operator.call("AddTagType", Map.of("tagname", "link", "min_role_id", 20L));
            long interfaceId = (Long) Registry.rows(operator.call("GetInterfaces")).getFirst().get("interface_id");
            operator.call("AddIlink", interfaceId, interfaceId, "link", "seed");
            operator.call("AddMessage", Map.of("message_id", "Verify account", "subject", "Verify"));
            List<Object> before = snapshot(operator);
            List<String> problems = new ArrayList<>();
            for (PlcClient.Encoding encoding : PlcClient.Encoding.values()) {
                PlcClient client = testing.operator(encoding);
                for (MethodSpec spec : addedMethods()) {
                    if (!spec.params().isEmpty()) {
                        List<Object> wrong = Collections.nCopies(Math.max(1, spec.requiredParamCount()), 3.5);
                        // Named by the first parameter, or by the next where the first is read by the method.
                        problems.addAll(refusal(client, spec, wrong, ErrorCode.INVALID_ARGUMENT,
                                spec.params().get(spec.name().equals("NotifyPersons") ? 1 : 0).name() + ":"));
                    }
                    if (encoding == PlcClient.Encoding.XML_RPC) {
                        // The JSON client itself refuses more arguments than the method names.
                        List<Object> tooMany = Collections.nCopies(spec.params().size() + 1, "x");
                        problems.addAll(refusal(client, spec, tooMany, ErrorCode.WRONG_ARGUMENT_COUNT,
                                spec.name() + "("));
                    }
                }
            }
            assertThat(problems).isEmpty();
            assertThat(snapshot(operator)).isEqualTo(before);
        }
    }

    private static List<String> refusal(PlcClient client, MethodSpec spec, List<Object> args, ErrorCode code,
            String named) {
        PlanetLabException fault = catchThrowableOfType(PlanetLabException.class,
                () -> client.callWith(spec.name(), args));
        if (fault == null) {
            return List.of(spec.name() + args + " was accepted");
        }
        if (fault.code() != code || !fault.getMessage().contains(named)) {
            return List.of(spec.name() + args + " answered " + fault.code() + ": " + fault.getMessage());
        }
        return List.of();
    }

    private static List<Object> snapshot(PlcClient operator) {
        List<Object> state = new ArrayList<>();
        for (String method : List.of("GetSites", "GetPersons", "GetNodes", "GetInterfaces", "GetTagTypes",
                "GetSliceTags", "GetNodeTags", "GetPersonTags", "GetSiteTags", "GetInterfaceTags", "GetInitScripts", "GetWhitelist", "GetIlinks",
                "GetMessages")) {
            state.add(operator.call(method));
        }
        state.add(operator.call("GetSlices", Map.of("is_deleted", List.of(true, false))));
        return state;
    }
}
