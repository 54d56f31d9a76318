package org.planetlab.plc.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(new SecureRandom(), 64, 2);

    @Test
    void verifiesOnlyTheRightPassword() {
        String hash = hasher.hash("correct horse");
        assertThat(hash).startsWith("$argon2id$v=19$m=64,t=2,p=1$");
        assertThat(hasher.verify("correct horse", hash)).isTrue();
        assertThat(hasher.verify("correct horsE", hash)).isFalse();
        assertThat(hasher.verify("correct horse", "$1$md5crypt$legacy")).isFalse();
        assertThat(hasher.verify("correct horse", null)).isFalse();
        assertThat(hasher.hash("correct horse")).isNotEqualTo(hash);
    }

    @Test
    void acceptsUpTo254BytesOfUnicode() {
        String longest = "é".repeat(127);
        assertThat(hasher.verify(longest, hasher.hash(longest))).isTrue();
        assertThatThrownBy(() -> hasher.hash(longest + "x")).hasMessageContaining("255 bytes long in UTF-8; at most 254");
        String emoji = "😀".repeat(63) + "ab";
        assertThat(hasher.verify(emoji, hasher.hash(emoji))).isTrue();
    }
}
