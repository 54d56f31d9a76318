package org.planetlab.node.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.boot.PlcConnection;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;
import org.planetlab.trust.release.ReleaseVerifier;

/**
 * A node stages PLC's current release over the wire, its calls signed with the key of its
 * plnode.txt and the files fetched in chunks; after the operator rotates the release key and
 * publishes again, the node takes the new release; a node with a wrong key gets nothing.
 */
class PlcReleaseSourceTest {
    private static final byte[] JAR = randomBytes(2_600_000);

    @TempDir
    Path disk;

    @Test
    void aNodeStagesTheCurrentReleaseFromPlc() throws Exception {
        Clock clock = Clock.systemUTC();
        try (TestingPlc testing = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, true))) {
            PlcClient operator = testing.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long siteId = registry.site("releasing");
            PlcClient tech = operator.as(registry.person("tech@releasing.org", "tech", siteId));
            long nodeId = registry.node(siteId, "n1.releasing.org", "127.0.0.1");
            PlnodeConfig plnode = PlnodeFile.parse((String) tech.call("GetNodeConfigFile", nodeId));
            SecureRandom random = new SecureRandom();
            ReleaseVerifier verifier = new ReleaseVerifier(testing.plc().trust().roots(), clock);
            ReleaseStaging staging = new ReleaseStaging(disk.resolve("releases"));
            staging.prepare();
            ReleaseUpdater updater = new ReleaseUpdater(new PlcReleaseSource(PlcConnection.signedByNode(testing.uri(), null, plnode,
                    clock, random)), verifier, staging);

            assertThatThrownBy(updater::update).isInstanceOfSatisfying(PlanetLabException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            operator.call("AddRelease", "first", List.of(file("planetlab-node.jar", JAR), file("sliver-runner", new byte[] {1, 2})));
            StagedRelease first = updater.update().orElseThrow();
            assertThat(first.release().number()).isEqualTo(1);
            assertThat(Files.readAllBytes(first.file("planetlab-node.jar"))).isEqualTo(JAR);
            assertThat(updater.update()).isEmpty();

            PlnodeConfig forged = new PlnodeConfig(plnode.ipMethod(), plnode.ipAddress(), plnode.hostname(), plnode.netDevice(),
                    NodeKey.generate(random), nodeId, plnode.extra());
            ReleaseStaging elsewhere = new ReleaseStaging(disk.resolve("forged"));
            elsewhere.prepare();
            ReleaseUpdater impostor = new ReleaseUpdater(new PlcReleaseSource(PlcConnection.signedByNode(testing.uri(), null, forged,
                    clock, random)), verifier, elsewhere);
            assertThatThrownBy(impostor::update).isInstanceOfSatisfying(PlanetLabException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED));
            try (var entries = Files.list(elsewhere.directory())) {
                assertThat(entries.toList()).isEmpty();
            }

            operator.call("RotateReleaseKey");
            operator.call("AddRelease", "second", List.of(file("sliver-runner", new byte[] {3})));
            StagedRelease second = updater.update().orElseThrow();
            assertThat(second.release().number()).isEqualTo(2);
            assertThat(Files.readAllBytes(second.file("sliver-runner"))).containsExactly(3);
            assertThat(staging.trusted().delegationSequence()).isEqualTo(2);
        }
    }

    private static Map<String, Object> file(String name, byte[] content) {
        return Map.of("name", name, "content", Base64.getEncoder().encodeToString(content));
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}
