package org.planetlab.plc.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.mail.MailOutbox;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.PlnodeFile;

/**
 * Over the wire: a node reports its run levels and PLC keeps them as the node's boot history,
 * which the site's tech and the operators read and other sites do not; GenerateNodeConfFile gives
 * the node a new key unless told not to; GetBootMedium returns plnode.txt and says where the
 * medium itself comes from.
 */
class BootHistoryTest {
    private TestingPlc testing;
    private PlcClient operator;
    private PlcClient tech;
    private PlcClient strangersTech;
    private PlcClient node;
    private long nodeId;

    @BeforeEach
    void registry() {
        testing = TestingPlc.start(StoreKind.SQLITE);
        operator = testing.operator(PlcClient.Encoding.XML_RPC);
        Registry registry = new Registry(operator);
        long siteId = registry.site("booting");
        tech = operator.as(registry.person("tech@booting.org", "tech", siteId));
        strangersTech = operator.as(registry.person("tech@elsewhere.org", "tech", registry.site("elsewhere")));
        nodeId = registry.node(siteId, "n1.booting.org", "127.0.0.1");
        node = operator.as(testing.nodeSession(nodeId));
    }

    @AfterEach
    void stop() {
        testing.close();
    }

    @Test
    void runLevelsAndTheEndOfAReinstallAreKeptNewestFirst() {
        node.call("ReportRunlevel", Map.of("run_level", "reinstall", "message", "wiping"));
        node.call("BootUpdateNode", Map.of("boot_state", "boot", "version", "planetlab-boot-manager/1"));
        node.call("ReportRunlevel", Map.of("run_level", "boot"));
        operator.call("ReportRunlevel", Map.of("run_level", "failboot", "message", "seen on the console"), "n1.booting.org");

        List<Map<String, Object>> history = Registry.rows(tech.call("GetNodeBootHistory", nodeId));
        assertThat(history).extracting(entry -> entry.get("event")).containsExactly("failboot", "boot", "installed", "reinstall");
        assertThat(history).extracting(entry -> entry.get("boot_state")).containsExactly("boot", "boot", "reinstall", "reinstall");
        assertThat(history.get(3)).containsEntry("message", "wiping").containsEntry("source", "127.0.0.1");
        assertThat(history.get(2).get("message")).isEqualTo("installed planetlab-boot-manager/1; now in boot");
    }

    @Test
    void onlyTheNodesSiteAndOperatorsReadItsHistoryAndOnlyNodesAndOperatorsReport() {
        node.call("ReportRunlevel", Map.of("run_level", "boot"));

        assertRefused(() -> strangersTech.call("GetNodeBootHistory", nodeId), ErrorCode.PERMISSION_DENIED);
        assertRefused(() -> tech.call("ReportRunlevel", Map.of("run_level", "boot")), ErrorCode.PERMISSION_DENIED);
        assertRefused(() -> node.call("ReportRunlevel", Map.of("run_level", "dancing")), ErrorCode.INVALID_ARGUMENT);
        assertThat(Registry.rows(operator.call("GetNodeBootHistory", "n1.booting.org"))).hasSize(1);
    }

    @Test
    void generateNodeConfFileReplacesTheKeyUnlessToldNotTo() {
        String current = (String) tech.call("GetNodeConfigFile", nodeId);

        assertThat(tech.call("GenerateNodeConfFile", nodeId, false)).isEqualTo(current);
        String regenerated = (String) tech.call("GenerateNodeConfFile", nodeId);
        assertThat(PlnodeFile.parse(regenerated).nodeKey()).isNotEqualTo(PlnodeFile.parse(current).nodeKey());
        assertThat(tech.call("GetNodeConfigFile", nodeId)).isEqualTo(regenerated);
        assertRefused(() -> strangersTech.call("GenerateNodeConfFile", nodeId, false), ErrorCode.PERMISSION_DENIED);
    }

    @Test
    void getBootMediumReturnsPlnodeTxtAndSaysWhereTheMediumComesFrom() {
        assertThat(tech.call("GetBootMedium", nodeId, "node-preview", "")).isEqualTo(tech.call("GetNodeConfigFile", nodeId));
        assertThatThrownBy(() -> tech.call("GetBootMedium", nodeId, "generic-iso", "/tmp/boot.iso", List.of()))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("bin/boot-medium");
    }

    @Test
    void bootNotifyOwnersQueuesOneLetterToTheChosenPeopleOfTheNodesSite() {
        node.call("ReportRunlevel", Map.of("run_level", "failboot", "message", "release 3 refused: tampered"));

        node.call("BootNotifyOwners", "failboot", 0L, 1L, 0L);

        List<Map<String, Object>> letters = testing.plc().database().read(handle -> handle.createQuery(
                "SELECT recipients, subject, body FROM boot_mail WHERE node_id = :node").bind("node", nodeId).mapToMap().list());
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.get("recipients")).isEqualTo("tech@booting.org");
            assertThat(letter.get("subject")).isEqualTo("PlanetLab: node n1.booting.org could not boot");
            assertThat((String) letter.get("body")).contains("failboot: release 3 refused: tampered");
        });
        assertRefused(() -> node.call("BootNotifyOwners", "party", 1L, 1L, 1L), ErrorCode.INVALID_ARGUMENT);
        assertRefused(() -> tech.call("BootNotifyOwners", "failboot", 1L, 1L, 1L), ErrorCode.PERMISSION_DENIED);
    }

    @Test
    void theBootMailSenderLooksOnceForALetterAndNotAtEveryChangeOfANode() {
        MailOutbox outbox = testing.plc().mail().bootNotices();
        awaitLooks(outbox, 1);
        long before = outbox.looks();
        for (int report = 0; report < 20; report++) {
            node.call("ReportRunlevel", Map.of("run_level", "boot"));
        }
        node.call("BootNotifyOwners", "failboot", 0L, 1L, 0L);

        // No mail server is configured: the one look tries the letter once and leaves it for a retry.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (attempts() == 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(attempts()).as("the letter was tried").isEqualTo(1);
        assertThat(outbox.looks() - before).as("looks for due mail after 20 node changes and one letter").isEqualTo(1);
    }

    private long attempts() {
        return testing.plc().database().read(handle -> handle.createQuery("SELECT COALESCE(SUM(attempts), 0) FROM boot_mail")
                .mapTo(Long.class).one());
    }

    private static void awaitLooks(MailOutbox outbox, long looks) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (outbox.looks() < looks && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(outbox.looks()).as("the sender's first look").isGreaterThanOrEqualTo(looks);
    }

    private static void assertRefused(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
