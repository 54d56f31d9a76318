package org.planetlab.cli.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import picocli.CommandLine;

class CertCommandTest {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void makeRoot() {
        KeyPair root = KeyAlgorithm.EC_P256.generate(new SecureRandom());
        KeyFiles.writePrivateKey(directory.resolve("root.key"), root.getPrivate());
        KeyFiles.createPrivateDirectory(directory.resolve("roots"));
        KeyFiles.writePublic(directory.resolve("roots/plc-root.pem"), Pem.write(root.getPublic()));
    }

    private int run(String... arguments) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine command = new CommandLine(new CertCommand(Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom()));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(arguments);
    }

    private String path(String name) {
        return directory.resolve(name).toString();
    }

    private void createChain() {
        assertThat(run("create", "--kind", "authority", "--name", "plc.ma", "--role", "management", "--may-issue",
                "--new-key", path("ma.key"), "--issuer-key", path("root.key"), "--out", path("ma.xml"))).as(err.toString()).isZero();
        assertThat(run("create", "--kind", "node", "--node-id", "121", "--hostname", "planetlab1.example.org", "--may-issue",
                "--new-key", path("node.key"), "--issuer-key", path("ma.key"), "--issuer-cert", path("ma.xml"), "--out", path("node.xml")))
                .as(err.toString()).isZero();
        assertThat(run("create", "--kind", "service", "--slice", "plc.scs", "--node-id", "121", "--hostname", "planetlab1.example.org",
                "--new-key", path("scs.key"), "--issuer-key", path("node.key"), "--issuer-cert", path("node.xml"), "--days", "7",
                "--out", path("scs.xml"))).as(err.toString()).isZero();
    }

    @Test
    void createdChainVerifiesAndShows() throws Exception {
        createChain();

        assertThat(run("verify", path("scs.xml"), "--roots", path("roots"))).isEqualTo(CertCommand.OK);
        assertThat(out.toString()).contains("OK: service:plc.scs@node:121 via node 121 (planetlab1.example.org) via plc.ma to trust root 'plc-root'");
        assertThat(run("show", path("scs.xml"))).isZero();
        assertThat(out.toString()).contains("subject:    service:plc.scs@node:121", "  subject:    node:121/planetlab1.example.org",
                "issuer:     root key sha256:", "(not verified");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("scs.key")))).isEqualTo("rw-------");
    }

    @Test
    void verificationFailuresExitWithOne() throws Exception {
        createChain();
        Files.writeString(directory.resolve("evil.xml"), Files.readString(directory.resolve("node.xml")).replace("planetlab1", "evil1"));

        assertThat(run("verify", path("scs.xml"), "--roots", path("roots"), "--at", "2025-06-09T00:00:00Z")).isEqualTo(CertCommand.VERIFICATION_FAILED);
        assertThat(err.toString()).contains("expired at 2025-06-08T00:00:00Z");
        assertThat(run("verify", path("evil.xml"), "--roots", path("roots"))).isEqualTo(CertCommand.VERIFICATION_FAILED);
        assertThat(err.toString()).contains("changed after signing");
    }

    @Test
    void badInputAndUsageHaveTheirOwnCodes() throws Exception {
        createChain();
        Files.setPosixFilePermissions(directory.resolve("node.key"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(run("verify", path("missing.xml"), "--roots", path("roots"))).isEqualTo(CertCommand.BAD_INPUT);
        assertThat(run("create", "--kind", "person", "--email", "a@example.org", "--new-key", path("a.key"),
                "--issuer-key", path("node.key"), "--issuer-cert", path("node.xml"))).isEqualTo(CertCommand.BAD_INPUT);
        assertThat(err.toString()).contains("is accessible by group or others");
        assertThat(run("create", "--kind", "person", "--issuer-key", path("root.key"), "--new-key", path("b.key"))).isEqualTo(CertCommand.USAGE);
        assertThat(err.toString()).contains("--email is required for --kind person");
        assertThat(run("verify", "--bogus")).isEqualTo(CertCommand.USAGE);
    }

    @Test
    void issuerLimitsAreEnforcedWhenCreating() {
        createChain();

        assertThat(run("create", "--kind", "node", "--node-id", "5", "--hostname", "n5.example.org", "--new-key", path("n5.key"),
                "--issuer-key", path("node.key"), "--issuer-cert", path("node.xml"))).isEqualTo(CertCommand.VERIFICATION_FAILED);
        assertThat(err.toString()).contains("nodes are certified by their management authority");
    }
}
