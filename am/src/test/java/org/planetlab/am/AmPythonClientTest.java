package org.planetlab.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.am.testing.AmTestbed;
import org.planetlab.am.testing.Python;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestKeys;
import org.planetlab.trust.key.Pem;

/**
 * A client written on Python's standard library (xmlrpc.client and ssl, as GENI tools are built)
 * drives a slice from allocation to deletion; PLC's node view shows the sliver with the key the
 * client gave while it exists.
 */
class AmPythonClientTest {
    @Test
    void aPythonGeniClientAllocatesProvisionsStartsRenewsAndDeletes(@TempDir Path directory) throws Exception {
        String python = Python.require();
        try (AmTestbed testbed = AmTestbed.start(StoreKind.SQLITE)) {
            AmTestbed.TestUser alice = testbed.user("alice");
            Path script = directory.resolve("geni_client.py");
            try (InputStream in = AmPythonClientTest.class.getResourceAsStream("/geni_client.py")) {
                Files.write(script, in.readAllBytes());
            }
            Path ca = write(directory, "ca.pem", Pem.write(testbed.serverCa()));
            Path cert = write(directory, "alice.gid.pem", Pem.write(alice.gid().certificate())
                    + Pem.write(testbed.authority().gid().certificate()));
            Path key = write(directory, "alice.key", Pem.write(alice.keys().getPrivate()));
            Path userCredential = write(directory, "alice.user.cred", testbed.userCredential(alice));
            Path sliceCredential = write(directory, "codeen.slice.cred", testbed.sliceCredential(alice, "codeen"));
            String sshKey = TestKeys.ed25519("alice@python");
            Path sshKeyFile = write(directory, "alice.pub", sshKey);
            Instant until = testbed.clock().instant().plus(Duration.ofDays(21)).truncatedTo(ChronoUnit.SECONDS);
            List<String> command = new ArrayList<>(List.of(python, script.toString(), "https://localhost:" + testbed.port() + "/",
                    ca.toString(), cert.toString(), key.toString(), userCredential.toString(), sliceCredential.toString(),
                    AmTestbed.sliceUrn("codeen").toString(), alice.gid().urn().toString(), sshKeyFile.toString(),
                    "urn:publicid:IDN+plc:princeton+node+" + AmTestbed.NODE_1, until.toString()));
            String output;
            try (AutoCloseable node = testbed.reportingNode(AmTestbed.NODE_1)) {
                output = Python.runToSuccess(command);
            }
            assertThat(output).contains("Allocate geni_code=0", "Provision geni_code=0", "manifest has login: True",
                    "status: geni_ready", "renewed until: " + until, "Delete geni_code=0", "after delete geni_code=12");
            // The slice stays an ordinary PLC slice: renewed as the client asked, on no node after Delete.
            assertThat(AmEndToEndTest.plcSlice(testbed).expires()).isEqualTo(until.getEpochSecond());
            assertThat(AmEndToEndTest.sliver(testbed, AmTestbed.NODE_1)).isNull();
        }
    }

    private static Path write(Path directory, String name, String content) throws Exception {
        return Files.writeString(directory.resolve(name), content);
    }
}
