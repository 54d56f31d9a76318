package org.planetlab.node.slices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.node.privileged.Privileged;

/**
 * Privileged: the node's SSH gateway with the real OpenSSH client. A user of a slice logs into
 * its sliver with her key, runs commands, gets a terminal, copies files with scp; a stranger's
 * key, passwords and forwarding are refused; the site's staff and the operators log into the
 * owner VM with the keys PLC lists for them.
 */
@Privileged
class SshGatewayTest {
    private static SlicesEnvironment node;
    private static SshClient ssh;
    private static String slice;

    @BeforeAll
    static void startNode() {
        node = SlicesEnvironment.start("s", Map.of());
        node.await("the slice creation service applied PLC's first view", Duration.ofSeconds(90),
                () -> node.scsLog().contains("of plc (0 slivers) applied"));
        ssh = new SshClient(node.base.resolve("known_hosts"), node.network.nodeAddress, 22);
        slice = node.createSlice("shell", Map.of());
        node.user.call("AddSliceToNodes", slice, List.of(node.hostname));
        node.await("the sliver runs", Duration.ofSeconds(20), () -> node.phase(slice).filter("RUNNING"::equals).isPresent());
    }

    @AfterAll
    static void removeNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aUserOfTheSliceRunsCommandsInItsSliver() {
        SshClient.Run run = ssh.ssh(node.keys.user(), slice, List.of(), null, "echo hi; hostname; id -u; exit 7");
        assertThat(run.output()).isEqualTo("hi\n" + slice + "\n0\n");
        assertThat(run.status()).isEqualTo(7);
        SshClient.Run piped = ssh.ssh(node.keys.user(), slice, List.of(), "line one\nline two\n", "wc -l");
        assertThat(piped.output().strip()).isEqualTo("2");
    }

    @Test
    void sshAuditFindsNoFailureAndNoWarning() {
        assertThat(Path.of("/usr/bin/ssh-audit")).as("Debian's ssh-audit (bin/install-prerequisites installs it)").isExecutable();
        SshClient.Run audit = SshClient.run(List.of("ssh-audit", "--no-colors", "--port=22", node.network.nodeAddress), null);
        assertThat(audit.output()).as(audit.output()).contains("(key) ssh-ed25519").doesNotContain("nistp").doesNotContain("[fail]")
                .doesNotContain("[warn]").doesNotContain("WARNING").doesNotContain("unknown algorithm");
        assertThat(audit.status()).as(audit.output()).isZero();
    }

    @Test
    void aTerminalSessionIsAnInteractiveShell() {
        SshClient.Run terminal = ssh.ssh(node.keys.user(), slice, List.of("-tt"), null, "test -t 0 && test -t 1 && echo ON A TERMINAL");
        assertThat(terminal.output()).contains("ON A TERMINAL");
        SshClient.Run shell = ssh.ssh(node.keys.user(), slice, List.of("-tt"), "echo $((6 * 7))\nexit 3\n");
        assertThat(shell.output()).contains("42");
        assertThat(shell.status()).isEqualTo(3);
    }

    @Test
    void scpCopiesFilesInAndOut() throws Exception {
        Path local = node.base.resolve("upload.txt");
        byte[] content = ("a file for the sliver\n" + "x".repeat(100_000) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(local, content);
        SshClient.Run up = ssh.scp(node.keys.user(), List.of(local.toString(), ssh.target(slice, "/root/upload.txt")));
        assertThat(up.status()).as(up.output()).isZero();
        assertThat(ssh.ssh(node.keys.user(), slice, List.of(), null, "wc -c < /root/upload.txt").output().strip())
                .isEqualTo(Integer.toString(content.length));
        Path back = node.base.resolve("download.txt");
        SshClient.Run down = ssh.scp(node.keys.user(), List.of(ssh.target(slice, "/root/upload.txt"), back.toString()));
        assertThat(down.status()).as(down.output()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(content);
        SshClient.Run missing = ssh.scp(node.keys.user(), List.of(ssh.target(slice, "/root/nothing"), back.toString()));
        assertThat(missing.status()).isNotZero();
        assertThat(missing.output()).contains("no such regular file");
    }

    @Test
    void strangersPasswordsAndForwardingAreRefused() {
        SshClient.Run stranger = ssh.ssh(node.keys.stranger(), slice, List.of(), null, "true");
        assertThat(stranger.status()).isEqualTo(255);
        assertThat(stranger.output()).contains("Permission denied (publickey)");
        SshClient.Run password = ssh.ssh(node.keys.user(), slice, List.of("-o", "PubkeyAuthentication=no",
                "-o", "PreferredAuthentications=password,keyboard-interactive"), null, "true");
        assertThat(password.status()).isEqualTo(255);
        assertThat(password.output()).contains("Permission denied (publickey)");
        SshClient.Run nobody = ssh.ssh(node.keys.user(), "no_such_slice", List.of(), null, "true");
        assertThat(nobody.status()).isEqualTo(255);
        SshClient.Run local = ssh.ssh(node.keys.user(), slice, List.of("-W", node.network.plcAddress + ":22"), null);
        assertThat(local.status()).isEqualTo(255);
        assertThat(local.output()).contains("forwarding failed");
        SshClient.Run remote = ssh.ssh(node.keys.user(), slice, List.of("-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9"), null,
                "sleep 5");
        assertThat(remote.status()).isEqualTo(255);
        assertThat(remote.output()).containsIgnoringCase("forwarding failed");
    }

    @Test
    void aKeyRemovedAtPlcStopsWorking() {
        long userId = node.registry.personId(SlicesEnvironment.USER);
        long keyId = (Long) node.user.call("AddPersonKey", userId, Map.of("key_type", "ssh", "key", node.keys.strangerPublic()));
        node.await("the new key logs in", Duration.ofSeconds(10),
                () -> ssh.ssh(node.keys.stranger(), slice, List.of(), null, "true").status() == 0);
        node.user.call("DeleteKey", keyId);
        node.await("the removed key is refused", Duration.ofSeconds(10),
                () -> ssh.ssh(node.keys.stranger(), slice, List.of(), null, "true").status() == 255);
    }

    @Test
    void theSiteAndTheOperatorsLogIntoTheOwnerVm() {
        node.pi.call("AddPersonKey", node.registry.personId(SlicesEnvironment.PI), Map.of("key_type", "ssh", "key", node.keys.strangerPublic()));
        node.await("the PI's key logs in as site_admin", Duration.ofSeconds(10),
                () -> ssh.ssh(node.keys.stranger(), "site_admin", List.of(), null, "hostname").output().equals("site_admin\n"));
        assertThat(ssh.ssh(node.keys.operator(), "root", List.of(), null, "hostname").output())
                .as("the operator's key logs in as root, into the owner VM").isEqualTo("site_admin\n");
        assertThat(ssh.ssh(node.keys.user(), "root", List.of(), null, "true").status()).as("a slice user is no operator").isEqualTo(255);
    }

    @Test
    void loginTime() {
        for (String kex : List.of("default", "curve25519-sha256", "sntrup761x25519-sha512@openssh.com")) {
            List<String> options = kex.equals("default") ? List.of() : List.of("-o", "KexAlgorithms=" + kex);
            List<Double> times = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                long before = System.nanoTime();
                SshClient.Run run = ssh.ssh(node.keys.user(), slice, options, null, "true");
                times.add((System.nanoTime() - before) / 1e6);
                if (run.status() != 0) {
                    System.out.println("ssh login with key exchange " + kex + " failed: " + run.output());
                    times.clear();
                    break;
                }
            }
            if (!times.isEmpty()) {
                times.sort(Double::compare);
                System.out.printf("ssh login + true through the gateway, key exchange %s, 10 runs: p50 %.0f ms, max %.0f ms%n", kex,
                        times.get(5), times.get(9));
            }
        }
    }
}
