package org.planetlab.plc.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.planetlab.plc.testing.TestKeys;

class SshPublicKeyTest {
    @Test
    void acceptsModernKeysAndComputesOpenSshFingerprints() {
        SshPublicKey ed25519 = SshPublicKey.parse(TestKeys.ed25519("alice@laptop") + "\n");
        assertThat(ed25519.type()).isEqualTo("ssh-ed25519");
        assertThat(ed25519.fingerprint()).startsWith("SHA256:").hasSize(50);
        assertThat(SshPublicKey.parse(TestKeys.rsa(2048, "bob")).type()).isEqualTo("ssh-rsa");
        // A key made by ssh-keygen, and the fingerprint ssh-keygen -l printed for it.
        String known = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsD7FZvfb5cZTlli8hf/VqH/7Fgdu+uGHGX16txrOzk test";
        assertThat(SshPublicKey.parse(known).fingerprint()).isEqualTo("SHA256:vOy6uYg93q1axBehc4rIIsLWRO1x6zB5D/RFSNjPq0Y");
    }

    @Test
    void refusesWeakOrBrokenKeysWithAReason() {
        assertRefused("ssh-dss AAAAB3NzaC1kc3M=", "DSA keys are no longer accepted");
        assertRefused(TestKeys.rsa(1024, "short"), "has 1024 bits; at least 2048 are required");
        assertRefused("ssh-ed25519", "expected \"<type> <base64 key> [comment]\"");
        assertRefused("ssh-ed25519 not!base64", "not valid base64");
        assertRefused("ssh-rsa " + TestKeys.ed25519("x").split(" ")[1], "the line says ssh-rsa but the key data holds");
        assertRefused("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKRGxAd7", "truncated");
        assertRefused("ecdsa-sha2-nistp999 AAAAE2VjZHNhLXNoYTItbmlzdHA5OTk=", "unsupported key type");
        assertRefused("ssh-ed25519 AAAA\nssh-rsa BBBB", "single line");
    }

    private static void assertRefused(String line, String reason) {
        assertThatThrownBy(() -> SshPublicKey.parse(line)).hasMessageContaining("not a valid SSH public key")
                .hasMessageContaining(reason);
    }
}
