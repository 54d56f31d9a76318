package org.planetlab.plc.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.event.EventQuery;
import org.planetlab.plc.event.EventRecord;
import org.planetlab.plc.change.ObjectRef;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;

/** The boot server called typed: a node acts only for itself, moves itself only to boot, once. */
class BootServiceTest {
    private TestingPlc testing;
    private BootService boot;
    private Caller node;
    private long nodeId;
    private long siteId;
    private String publicKey;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        boot = testing.plc().boot();
        siteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("booting", "Booting", "Booting"));
        nodeId = testing.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("node1.booting.org"));
        node = Caller.node(nodeId, siteId, "hmac", Optional.empty());
        publicKey = Pem.write(KeyAlgorithm.EC_P256.generate(new SecureRandom()).getPublic());
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aReinstalledNodeMovesItselfToBootOnceAndIsThenCertified() {
        assertThat(boot.details(node)).isEqualTo(new BootDetails(nodeId, "node1.booting.org", siteId,
                "reinstall"));
        assertRefused(() -> boot.issueCertificate(node, publicKey), ErrorCode.INVALID_ARGUMENT,
                "certificates are issued to nodes in boot");

        boot.report(node, BootReport.booted("5.1"));

        assertThat(stored()).isEqualTo(Map.of("boot_state", "boot", "version", "5.1"));
        EventRecord event = testing.plc().events().events(Caller.INTERNAL, EventQuery.latest(1).byNode(nodeId))
                .getFirst();
        assertThat(event.callName()).isEqualTo("BootUpdateNode");
        assertThat(event.objects()).containsExactly(new ObjectRef(ObjectType.NODE, nodeId));
        assertRefused(() -> boot.report(node, BootReport.booted("5.2")), ErrorCode.INVALID_ARGUMENT,
                "a node moves itself to boot only at the end of a reinstall");
        assertThat(stored()).isEqualTo(Map.of("boot_state", "boot", "version", "5.1"));
        assertThat(testing.plc().trust().chainVerifier().verify(boot.issueCertificate(node, publicKey)).subject()
                .identity()).contains("node1.booting.org");
    }

    @Test
    void onlyANodeCallsTheBootServerForItself() {
        Caller operator = Caller.person(1, Set.of(Role.ADMIN), List.of(), "password", Optional.empty());
        assertRefused(() -> boot.details(operator), ErrorCode.PERMISSION_DENIED, "only a node");
        assertRefused(() -> boot.report(Caller.INTERNAL, BootReport.running("5.1")), ErrorCode.PERMISSION_DENIED,
                "only a node may call the boot server for itself");
        assertRefused(() -> boot.issueTlsCertificate(Caller.ANONYMOUS, publicKey), ErrorCode.PERMISSION_DENIED,
                "only a node");
        assertThat(stored()).isEqualTo(Map.of("boot_state", "reinstall", "version", "(none)"));
    }

    @Test
    void aReportOfAnotherStateOrAnOverlongVersionIsRefusedByName() {
        assertRefused(() -> new BootReport(Optional.of("safeboot"), Optional.empty()), ErrorCode.INVALID_ARGUMENT,
                "node_fields.boot_state: a node reports only \"boot\"");
        assertRefused(() -> BootReport.running("v".repeat(65)), ErrorCode.INVALID_ARGUMENT,
                "node_fields.version: 65 characters; at most 64");
        boot.report(node, BootReport.running("5.0"));
        assertThat(stored()).isEqualTo(Map.of("boot_state", "reinstall", "version", "5.0"));
    }

    private Map<String, Object> stored() {
        return testing.plc().database().read(handle -> handle.createQuery(
                        "SELECT boot_state, COALESCE(version, '(none)') AS version FROM nodes WHERE node_id = :id")
                .bind("id", nodeId).map((row, context) -> Map.<String, Object>of("boot_state", row.getString(1),
                        "version", row.getString(2))).one());
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
