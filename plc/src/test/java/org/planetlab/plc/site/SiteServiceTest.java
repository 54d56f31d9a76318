package org.planetlab.plc.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** The site rules, called as PLC's own programs and future front ends call them: typed. */
class SiteServiceTest {
    private TestingPlc testing;
    private SiteService sites;
    private PlcClient operator;
    private long siteId;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        sites = testing.plc().sites();
        operator = testing.operator(PlcClient.Encoding.JSON);
        siteId = sites.addSite(Caller.INTERNAL, NewSite.named("typed", "Typed University", "Typed")
                .withUrl("https://typed.example.org/").at(40.0, -74.0));
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aSiteAddedByTypeIsTheSiteTheApiShows() {
        Map<String, Object> site = rows(operator.call("GetSites", List.of(siteId),
                List.of("login_base", "name", "url", "latitude", "max_slices", "enabled"))).getFirst();
        assertThat(site).isEqualTo(Map.of("login_base", "typed", "name", "Typed University",
                "url", "https://typed.example.org/", "latitude", 40.0, "max_slices", 10L, "enabled", true));
        assertThat(rows(operator.call("GetEvents", Map.of("call_name", "AddSite"))).getFirst().get("object_ids"))
                .isEqualTo(List.of(siteId));
    }

    @Test
    void loginBasesAreUnique() {
        assertRefused(() -> sites.addSite(Caller.INTERNAL, NewSite.named("typed", "Again", "Again")),
                ErrorCode.ALREADY_EXISTS, "already exists");
    }

    @Test
    void coordinatesComeTogether() {
        NewSite halfPlaced = new NewSite("half", "Half", "Half", Optional.empty(), Optional.of(1.0), Optional.empty(),
                java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        assertRefused(() -> sites.addSite(Caller.INTERNAL, halfPlaced), ErrorCode.INVALID_ARGUMENT,
                "latitude and longitude must be given together");
    }

    @Test
    void piesChangeOnlyTheirOwnSitesAndNotWhatOperatorsSet() {
        long otherId = sites.addSite(Caller.INTERNAL, NewSite.named("other", "Other", "Other"));
        Caller pi = Caller.person(99, Set.of(Role.PI), List.of(siteId), "password", Optional.empty());

        sites.updateSite(pi, SiteRef.of(siteId), SiteUpdate.none().withName("Renamed University"));
        assertRefused(() -> sites.updateSite(pi, SiteRef.of(otherId), SiteUpdate.none().withName("Mine")),
                ErrorCode.PERMISSION_DENIED, "is not at site " + otherId);
        assertRefused(() -> sites.updateSite(pi, SiteRef.of("typed"), SiteUpdate.none().withMaxSlices(50)),
                ErrorCode.PERMISSION_DENIED, "site_fields.max_slices: only operators may change it");
        assertRefused(() -> sites.updateSite(pi, SiteRef.of("typed"), SiteUpdate.none().withLoginBase("mine")),
                ErrorCode.PERMISSION_DENIED, "site_fields.login_base: only operators may change it");

        assertThat(rows(operator.call("GetSites", List.of(siteId), List.of("name", "max_slices"))).getFirst())
                .isEqualTo(Map.of("name", "Renamed University", "max_slices", 10L));
    }

    @Test
    void aSiteWithLiveSlicesKeepsItsName() {
        operator.call("AddSlice", Map.of("name", "typed_one", "description", "d", "url", "https://typed.example.org/"));
        assertRefused(() -> sites.updateSite(Caller.INTERNAL, SiteRef.of(siteId),
                SiteUpdate.none().withLoginBase("retyped")), ErrorCode.INVALID_ARGUMENT, "has 1 live slices");
    }

    @Test
    void deletingASiteTakesItsSlicesNodesAndOnlyMembers() {
        Registry registry = new Registry(operator);
        long otherId = registry.site("elsewhere");
        registry.person("only@typed.org", "user", siteId);
        registry.person("both@typed.org", "user", siteId);
        long both = registry.personId("both@typed.org");
        operator.call("AddPersonToSite", both, otherId);
        long nodeId = registry.node(siteId, "node1.typed.org", "10.0.0.1");
        operator.call("AddSlice", Map.of("name", "typed_one", "description", "d", "url", "https://typed.example.org/"));

        sites.deleteSite(Caller.INTERNAL, SiteRef.of("typed"));

        assertThat(rows(operator.call("GetSites", List.of(siteId)))).isEmpty();
        assertThat(rows(operator.call("GetSlices", List.of("typed_one")))).isEmpty();
        assertThat(rows(operator.call("GetNodes", List.of(nodeId)))).isEmpty();
        assertThat(rows(operator.call("GetPersons", List.of("only@typed.org")))).isEmpty();
        assertThat(rows(operator.call("GetPersons", List.of("both@typed.org"), List.of("site_ids"))).getFirst())
                .isEqualTo(Map.of("site_ids", List.of(otherId)));
    }

    @Test
    void typedReadsShowLiveSitesAPageAtATime() {
        long otherId = sites.addSite(Caller.INTERNAL, NewSite.named("other", "Other", "Other"));
        sites.updateSite(Caller.INTERNAL, SiteRef.of(otherId), new SiteUpdate(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(false), Optional.empty()));

        SiteDetails typed = sites.site(SiteRef.of("typed")).orElseThrow();
        assertThat(typed).isEqualTo(new SiteDetails(siteId, "typed", "Typed University", "Typed",
                Optional.of("https://typed.example.org/"), true, true, 10, typed.maxSlivers(), typed.dateCreated()));
        assertThat(sites.site(SiteRef.of(otherId)).map(SiteDetails::enabled)).contains(false);
        assertThat(sites.sites(SiteFilter.all(1))).extracting(SiteDetails::siteId).containsExactly(siteId);
        assertThat(sites.sites(SiteFilter.all(1).after(siteId))).extracting(SiteDetails::siteId)
                .containsExactly(otherId);
        assertThat(sites.sites(SiteFilter.all(10).enabled(false))).extracting(SiteDetails::loginBase)
                .containsExactly("other");

        sites.deleteSite(Caller.INTERNAL, SiteRef.of(otherId));
        assertThat(sites.site(SiteRef.of(otherId))).isEmpty();
        assertRefused(() -> SiteFilter.all(0), ErrorCode.INVALID_ARGUMENT, "limit: 0 is not from 1 to 1000");
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
