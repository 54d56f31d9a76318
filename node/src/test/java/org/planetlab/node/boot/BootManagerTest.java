package org.planetlab.node.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.plc.auth.SignedNodeRequests;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * The boot manager against a real boot server: a new node reinstalls and reports it, gets its
 * node and TLS certificates in boot, and obeys safeboot; its credentials survive a restart.
 */
class BootManagerTest {
    @TempDir
    Path directory;

    /** Records what the boot manager asked of the agent. */
    private static final class RecordingActions implements BootActions {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized void boot() {
            calls.add("boot");
        }

        @Override
        public synchronized void hold(BootState state) {
            calls.add("hold " + state.wireName());
        }

        @Override
        public synchronized void reinstall() {
            calls.add("reinstall");
        }

        @Override
        public synchronized void tlsRenewed() {
            calls.add("tls");
        }
    }

    @Test
    void reinstallThenBootWithCertificatesThenSafeboot() {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
        try (TestingPlc plc = TestingPlc.start(StoreKind.SQLITE, clock, new SignedNodeRequests(clock, false))) {
            PlcClient operator = plc.operator(PlcClient.Encoding.JSON);
            Registry registry = new Registry(operator);
            long nodeId = registry.node(registry.site("boot"), "node1.boot.org", "127.0.0.1");
            PlnodeConfig plnode = PlnodeFile.parse((String) operator.call("GetNodeConfigFile", nodeId));
            NodeIdentity identity = new NodeIdentity(new NodeSubject(nodeId, "node1.boot.org"), "127.0.0.1");
            BootFiles files = new BootFiles(directory.resolve("boot"));
            files.prepare();
            RecordingActions actions = new RecordingActions();
            NodeCredentials credentials = new NodeCredentials(files, identity, plc.plc().trust().chainVerifier(),
                    plc.plc().trust().tlsCaCertificate(), clock, random);
            BootManager boot = new BootManager(PlcConnection.signedByNode(plc.uri(), plc.plc().trust().tlsCaCertificate(), plnode,
                    clock, random), files, credentials, actions, thread, Duration.ofHours(1));

            assertThat(boot.check()).isTrue();
            assertThat(actions.calls).containsExactly("reinstall", "boot");
            assertThat(Registry.only(operator.call("GetNodes", List.of(nodeId), List.of("boot_state"))).orElseThrow())
                    .containsEntry("boot_state", "boot");
            assertThat(identity.credential()).isPresent();
            assertThat(identity.tls()).isPresent();
            assertThat(files.lastBootState()).contains(BootState.BOOT);

            operator.call("UpdateNode", nodeId, Map.of("boot_state", "safeboot"));
            assertThat(boot.check()).isTrue();
            assertThat(actions.calls).endsWith("hold safeboot");
            assertThat(files.lastBootState()).contains(BootState.SAFEBOOT);

            NodeIdentity afterRestart = new NodeIdentity(identity.subject(), "127.0.0.1");
            new NodeCredentials(files, afterRestart, plc.plc().trust().chainVerifier(), plc.plc().trust().tlsCaCertificate(), clock,
                    random).load();
            assertThat(afterRestart.credential().map(credential -> credential.certificate().orElseThrow().serial()))
                    .isEqualTo(identity.credential().map(credential -> credential.certificate().orElseThrow().serial()));
            assertThat(Optional.of(files.nodeKey()).map(path -> path.toFile().canRead())).contains(true);
        } finally {
            thread.shutdownNow();
        }
    }
}
