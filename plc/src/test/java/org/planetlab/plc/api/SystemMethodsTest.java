package org.planetlab.plc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** XML-RPC introspection and batching, as PLCAPI clients use them. */
class SystemMethodsTest {
    @Test
    void introspectionAndMulticall() {
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE)) {
            PlcClient client = testing.operator(PlcClient.Encoding.XML_RPC);
            assertThat(rowsOf(client.call("system.listMethods"))).hasSize(MethodCatalog.all().size())
                    .contains("AddSite", "GetSlivers", "system.multicall");
            assertThat((String) client.call("system.methodHelp", "AddSliceTag"))
                    .startsWith("AddSliceTag(auth, slice_id_or_name, tag_type_id_or_name, value, [node_id_or_hostname],"
                            + " [nodegroup_id_or_name]) -> int")
                    .contains("Allowed: admin, pi, user, node");
            assertThat(rowsOf(client.call("system.methodSignature", "DeleteSite")))
                    .containsExactly(List.of("int", "struct", "int"), List.of("int", "struct", "string"));

            Map<String, Object> auth = testing.operator(PlcClient.Encoding.XML_RPC).credentials().authStruct();
            Map<String, Object> site = new LinkedHashMap<>();
            site.put("login_base", "multi");
            site.put("name", "Multi");
            site.put("abbreviated_name", "M");
            List<?> results = (List<?>) client.call("system.multicall", List.of(
                    Map.of("methodName", "AddSite", "params", List.of(auth, site)),
                    Map.of("methodName", "AddSite", "params", List.of(auth, site)),
                    Map.of("methodName", "GetSites", "params", List.of(auth, List.of("multi"), List.of("name"))),
                    Map.of("methodName", "system.multicall", "params", List.of(List.of())),
                    Map.of("methodName", "NoSuchMethod", "params", List.of()),
                    "not a call"));
            assertThat(results.get(0)).isInstanceOf(List.class);
            assertThat(fault(results.get(1))).containsEntry("faultCode", 102L);
            assertThat((String) fault(results.get(1)).get("faultString"))
                    .startsWith("AddSite: a site with login_base \"multi\" already exists");
            assertThat(rows(((List<?>) results.get(2)).getFirst())).containsExactly(Map.of("name", "Multi"));
            assertThat(fault(results.get(3))).isEqualTo(Map.of("faultCode", -507L,
                    "faultString", "Recursive system.multicall forbidden"));
            assertThat(fault(results.get(4))).containsEntry("faultCode", 100L);
            assertThat((String) fault(results.get(5)).get("faultString"))
                    .contains("calls[5]: expected a struct {methodName: string, params: array}");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> rowsOf(Object list) {
        return (List<Object>) list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fault(Object entry) {
        return (Map<String, Object>) entry;
    }
}
