package org.planetlab.plc.node;

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
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** The PCU rules, called typed. */
class PcuServiceTest {
    private TestingPlc testing;
    private PcuService pcus;
    private PlcClient operator;
    private long siteId;
    private long otherSiteId;
    private Caller pi;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        pcus = testing.plc().pcus();
        operator = testing.operator(PlcClient.Encoding.JSON);
        siteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("powered", "Powered", "Powered"));
        otherSiteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("other", "Other", "Other"));
        pi = Caller.person(90, Set.of(Role.PI), List.of(siteId), "password", Optional.empty());
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aPiAddsPcusOnlyAtTheirOwnSite() {
        long pcuId = pcus.addPcu(pi, SiteRef.of("powered"), PcuFields.at("10.0.0.9", "ipmi"));
        assertThat(rows(operator.call("GetPCUs", List.of(pcuId), List.of("site_id", "ip", "protocol")))
                .getFirst()).isEqualTo(Map.of("site_id", siteId, "ip", "10.0.0.9", "protocol", "ipmi"));

        String before = RegistrySnapshot.take(testing.plc().database());
        assertRefused(() -> pcus.addPcu(pi, SiteRef.of(otherSiteId), PcuFields.at("10.0.1.9", "ipmi")),
                ErrorCode.PERMISSION_DENIED, "AddPCU: " + pi.describe() + " is not at site " + otherSiteId);
        assertRefused(() -> pcus.updatePcu(Caller.person(91, Set.of(Role.PI), List.of(otherSiteId), "password",
                Optional.empty()), pcuId, PcuFields.at("10.0.0.10", "ipmi")), ErrorCode.PERMISSION_DENIED,
                "UpdatePCU:");
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
    }

    @Test
    void aPcuPowersNodesOfItsSiteOnePerPort() {
        long pcuId = pcus.addPcu(pi, SiteRef.of(siteId), PcuFields.at("10.0.0.9", "ipmi"));
        long first = testing.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("a.powered.org"));
        long second = testing.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("b.powered.org"));
        long elsewhere = testing.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of(otherSiteId),
                NewNode.named("c.other.org"));
        pcus.addNodeToPcu(pi, NodeRef.of(first), pcuId, 1);
        String before = RegistrySnapshot.take(testing.plc().database());

        assertRefused(() -> pcus.addNodeToPcu(Caller.INTERNAL, NodeRef.of(elsewhere), pcuId, 2),
                ErrorCode.INVALID_ARGUMENT, "node c.other.org and PCU %d are at different sites".formatted(pcuId));
        assertRefused(() -> pcus.addNodeToPcu(pi, NodeRef.of(second), pcuId, 1), ErrorCode.ALREADY_EXISTS,
                "port 1 of PCU %d is taken by node %d".formatted(pcuId, first));
        assertRefused(() -> pcus.addNodeToPcu(pi, NodeRef.of(second), pcuId + 100, 1), ErrorCode.NOT_FOUND,
                "no PCU with pcu_id " + (pcuId + 100));
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);

        pcus.addNodeToPcu(pi, NodeRef.of(first), pcuId, 3);
        assertThat(rows(operator.call("GetPCUs", List.of(pcuId), List.of("node_ids", "ports"))).getFirst())
                .isEqualTo(Map.of("node_ids", List.of(first), "ports", List.of(3L)));
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
