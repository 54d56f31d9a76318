package org.planetlab.plc.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** PLCAPI's filter language gives the same answers on both stores. */
class FilterSemanticsTest {
    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void filtersSortAndClip(StoreKind store) {
        try (TestingPlc testing = TestingPlc.start(store)) {
            PlcClient operator = testing.operator(PlcClient.Encoding.XML_RPC);
            Registry registry = new Registry(operator);
            long alpha = registry.site("alpha");
            long beta = registry.site("beta");
            long gamma = registry.site("gamma");
            operator.call("UpdateSite", alpha, Map.of("name", "Alpha University", "max_slices", 1L));
            operator.call("UpdateSite", beta, Map.of("name", "Beta Institute", "max_slices", 5L,
                    "url", "https://beta.example.org/"));
            operator.call("UpdateSite", gamma, Map.of("name", "Gamma UNIVERSITY", "max_slices", 9L));
            registry.person("one@alpha.org", "pi", alpha);
            registry.person("two@beta.org", "user", beta);
            long both = new Registry(operator).personId("one@alpha.org");
            operator.call("AddPersonToSite", both, beta);

            assertThat(names(operator.call("GetSites", Map.of("name", "*university*")))).containsExactly("alpha", "gamma");
            assertThat(names(operator.call("GetSites", Map.of("~name", "*university*")))).containsExactly("beta");
            assertThat(names(operator.call("GetSites", Map.of(">max_slices", 1L, "[max_slices", 5L)))).containsExactly("beta");
            assertThat(names(operator.call("GetSites", Map.of("]max_slices", 5L, "-SORT", "-login_base"))))
                    .containsExactly("gamma", "beta");
            assertThat(names(operator.call("GetSites", Map.of("-SORT", "login_base", "-OFFSET", 1L, "-LIMIT", 1L))))
                    .containsExactly("beta");
            assertThat(names(operator.call("GetSites", Map.of("url", Arrays.asList((Object) null)))))
                    .containsExactly("alpha", "gamma");
            assertThat(names(operator.call("GetSites", Map.of("login_base", "alpha", "max_slices", 9L, "-OR", true))))
                    .containsExactly("alpha", "gamma");
            assertThat(names(operator.call("GetSites", Map.of("|person_ids", List.of(both)))))
                    .containsExactly("alpha", "beta");
            long two = registry.personId("two@beta.org");
            assertThat(names(operator.call("GetSites", Map.of("&person_ids", List.of(both, two)))))
                    .containsExactly("beta");
            assertThat(names(operator.call("GetSites", Map.of("person_ids", List.of())))).containsExactly("gamma");
            assertThat(names(operator.call("GetSites", List.of("gamma", alpha)))).containsExactly("alpha", "gamma");
            assertThat(names(operator.call("GetSites", List.of()))).isEmpty();
            assertThat(names(operator.call("GetSites", Map.of("name", "x' OR '1'='1")))).isEmpty();
            assertThat(names(operator.call("GetSites", Map.of("name", "Beta_Institute")))).isEmpty();
            assertThat(rows(operator.call("GetPersons", List.of("ONE@ALPHA.ORG"), List.of("email"))))
                    .containsExactly(Map.of("email", "one@alpha.org"));
            assertThat(rows(operator.call("GetPersons", Map.of("email", "Two@Beta.Org"), List.of("site_ids"))))
                    .containsExactly(Map.of("site_ids", List.of(beta)));
        }
    }

    private static List<Object> names(Object sites) {
        return rows(sites).stream().map(site -> site.get("login_base")).toList();
    }
}
