package org.planetlab.cli.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshCommandTest {
    @Test
    void theLoginIsTheSlicesNameOnNodes() {
        assertThat(SshCommand.sliverUser("plc.princeton.codeen")).isEqualTo("princeton_codeen");
        assertThat(SshCommand.sliverUser("princeton_codeen")).isEqualTo("princeton_codeen");
        assertThatThrownBy(() -> SshCommand.sliverUser("Bad Name")).hasMessageContaining("not a slice name");
    }

    @Test
    void hostKeysAreTrustedOnFirstUseAndPinnedInPlsOwnKnownHosts() {
        List<String> words = SshCommand.command("demo_hello", "10.77.0.11", 0, Path.of("/home/u/.local/state/planetlab/known_hosts"),
                Path.of("/home/u/.ssh/id_ed25519"), false, List.of("uname", "-a"));
        assertThat(words).containsSubsequence("ssh", "-o", "StrictHostKeyChecking=accept-new", "-o",
                "UserKnownHostsFile=/home/u/.local/state/planetlab/known_hosts");
        assertThat(words).containsSubsequence("-i", "/home/u/.ssh/id_ed25519", "-o", "IdentitiesOnly=yes", "demo_hello@10.77.0.11",
                "--", "uname", "-a");
        assertThat(SshCommand.command("s_x", "10.0.0.1", 0, Path.of("k"), null, true, List.of())).endsWith("-t", "s_x@10.0.0.1");
        assertThat(SshCommand.command("s_x", "10.0.0.1", 2222, Path.of("k"), null, false, List.of())).containsSubsequence("-p", "2222", "s_x@10.0.0.1");
    }
}
