package org.planetlab.cli.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.AcceptAllPublickeyAuthenticator;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.tls.TlsCertificateAuthority;

/**
 * Host-key pins of {@code pl ssh} with the real OpenSSH client against a real SSH server on
 * loopback: pins belong to one PLC (its address and CA), so a rebuilt testbed, whose nodes reuse
 * the addresses with new keys, connects, while a changed key under the same PLC is refused.
 */
class HostKeyPinsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final URI PLC = URI.create("https://10.77.0.1:8443/");

    @TempDir
    Path directory;
    private SshServer server;
    private final AtomicReference<KeyPair> hostKey = new AtomicReference<>();
    private Path clientKey;
    private String lastOutput = "";

    @BeforeEach
    void startServer() throws Exception {
        hostKey.set(ed25519());
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(session -> List.of(hostKey.get()));
        server.setPublickeyAuthenticator(AcceptAllPublickeyAuthenticator.INSTANCE);
        server.setCommandFactory((channel, command) -> new ExitsAtOnce());
        server.start();
        clientKey = directory.resolve("id_ed25519");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor(30, TimeUnit.SECONDS) && keygen.exitValue() == 0).as("ssh-keygen made a client key").isTrue();
    }

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.stop(true);
        }
    }

    @Test
    void aRebuiltTestbedGetsItsOwnPinsAndAChangedKeyWithinOneIsRefused() throws Exception {
        Path state = directory.resolve("state");
        Path firstTestbed = caFile("testbed-1");
        Path rebuiltTestbed = caFile("testbed-2");

        HostKeyPins first = HostKeyPins.of(state, Optional.of(PLC), Optional.of(firstTestbed)).createDirectory();
        assertThat(ssh(first)).as("first login to the node").isZero();
        assertThat(first.file()).as(lastOutput).exists();
        assertThat(Files.readString(first.file())).contains("[127.0.0.1]:" + server.getPort() + " ssh-ed25519 ");

        hostKey.set(ed25519());
        assertThat(ssh(first)).as("the same testbed's node with another key is refused").isEqualTo(255);

        HostKeyPins rebuilt = HostKeyPins.of(state, Optional.of(PLC), Optional.of(rebuiltTestbed)).createDirectory();
        assertThat(rebuilt.file()).isNotEqualTo(first.file());
        assertThat(rebuilt.file().getParent()).isEqualTo(first.file().getParent());
        assertThat(ssh(rebuilt)).as("the rebuilt testbed's node, same address, new key").isZero();
        assertThat(ssh(first)).as("the first testbed's pin still holds").isEqualTo(255);
    }

    @Test
    void pinsAreNamedByPlcAddressAndCertificateAuthority() throws Exception {
        Path state = directory.resolve("state");
        Path ca = caFile("plc");
        HostKeyPins pins = HostKeyPins.of(state, Optional.of(PLC), Optional.of(ca));
        assertThat(pins.file().getParent()).isEqualTo(state.resolve("known_hosts.d"));
        assertThat(pins.file().getFileName().toString()).matches("10\\.77\\.0\\.1_8443-[0-9a-f]{16}");
        assertThat(HostKeyPins.of(state, Optional.of(URI.create("https://10.77.0.1:8443")), Optional.of(ca)).file())
                .as("the same PLC written without the slash").isEqualTo(pins.file());
        assertThat(HostKeyPins.of(state, Optional.of(URI.create("https://plc.example.org/")), Optional.of(ca)).file())
                .isNotEqualTo(pins.file());
        assertThat(HostKeyPins.of(state, Optional.of(PLC), Optional.empty()).file()).isNotEqualTo(pins.file());
        assertThat(HostKeyPins.of(state, Optional.empty(), Optional.empty()).file()).isEqualTo(state.resolve("known_hosts"));
    }

    private int ssh(HostKeyPins pins) throws Exception {
        List<String> words = SshCommand.command("demo_hello", "127.0.0.1", server.getPort(), pins.file(), clientKey, false, List.of("true"));
        List<String> batch = new java.util.ArrayList<>(words);
        batch.addAll(1, List.of("-o", "BatchMode=yes", "-o", "LogLevel=ERROR"));
        Process ssh = new ProcessBuilder(batch).redirectErrorStream(true).start();
        ssh.getOutputStream().close();
        String output = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ssh.waitFor(60, TimeUnit.SECONDS)).as("ssh finished: " + output).isTrue();
        lastOutput = output;
        return ssh.exitValue();
    }

    private Path caFile(String name) throws IOException {
        TlsCertificateAuthority ca = TlsCertificateAuthority.create(name, KeyAlgorithm.EC_P256, Duration.ofDays(1), Clock.systemUTC(), RANDOM);
        Path file = directory.resolve(name + "-ca.pem");
        Files.writeString(file, Pem.write(ca.certificate()));
        return file;
    }

    private static KeyPair ed25519() throws Exception {
        KeyPairGenerator generator = SecurityUtils.getKeyPairGenerator(SecurityUtils.ED25519);
        return generator.generateKeyPair();
    }

    /** A command that succeeds at once, whatever was asked. */
    private static final class ExitsAtOnce implements Command {
        private ExitCallback exit;

        @Override
        public void setExitCallback(ExitCallback callback) {
            exit = callback;
        }

        @Override
        public void setInputStream(java.io.InputStream in) {}

        @Override
        public void setOutputStream(java.io.OutputStream out) {}

        @Override
        public void setErrorStream(java.io.OutputStream err) {}

        @Override
        public void start(ChannelSession channel, Environment environment) {
            exit.onExit(0);
        }

        @Override
        public void destroy(ChannelSession channel) {}
    }
}
