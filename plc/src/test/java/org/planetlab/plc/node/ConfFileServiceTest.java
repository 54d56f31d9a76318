package org.planetlab.plc.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.planetlab.plc.testing.Registry.rows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.site.NewSite;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.testing.RegistrySnapshot;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** Configuration files, called typed. */
class ConfFileServiceTest {
    private TestingPlc testing;
    private ConfFileService confFiles;
    private PlcClient operator;
    private long nodeId;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        confFiles = testing.plc().confFiles();
        operator = testing.operator(PlcClient.Encoding.JSON);
        long siteId = testing.plc().sites().addSite(Caller.INTERNAL, NewSite.named("files", "Files", "Files"));
        nodeId = testing.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of(siteId), NewNode.named("n1.files.org"));
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void aNewFileTakesTheDefaultsAndIsAttachedOnceHoweverOftenAsked() {
        long fileId = confFiles.addConfFile(Caller.INTERNAL, ConfFileFields.installing("motd", "/etc/motd"));
        confFiles.addToNode(Caller.INTERNAL, fileId, NodeRef.of(nodeId));
        confFiles.addToNode(Caller.INTERNAL, fileId, NodeRef.of("N1.files.org"));

        assertThat(rows(operator.call("GetConfFiles", List.of(fileId), List.of("enabled", "file_permissions",
                "file_owner", "always_update", "dest", "node_ids"))).getFirst()).isEqualTo(Map.of("enabled", true,
                "file_permissions", "0644", "file_owner", "root", "always_update", false, "dest", "/etc/motd",
                "node_ids", List.of(nodeId)));
    }

    @Test
    void anUnknownFileOrNodeIsNamedAndNothingChanges() {
        long fileId = confFiles.addConfFile(Caller.INTERNAL, ConfFileFields.installing("motd", "/etc/motd"));
        String before = RegistrySnapshot.take(testing.plc().database());

        assertRefused(() -> confFiles.addToNode(Caller.INTERNAL, fileId + 100, NodeRef.of(nodeId)),
                ErrorCode.NOT_FOUND, "no configuration file with conf_file_id " + (fileId + 100));
        assertRefused(() -> confFiles.addToNode(Caller.INTERNAL, fileId, NodeRef.of("nowhere.files.org")),
                ErrorCode.NOT_FOUND, "no node with hostname \"nowhere.files.org\"");
        assertThat(RegistrySnapshot.take(testing.plc().database())).isEqualTo(before);
    }

    private static void assertRefused(Runnable action, ErrorCode code, String text) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
