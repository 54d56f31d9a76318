package org.planetlab.trust.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyAlgorithm;

class SessionKeySealerTest {
    private final SecureRandom random = new SecureRandom();
    private final SessionKeySealer sealer = new SessionKeySealer(random);

    @Test
    void ecSealedKeyOpensWithTheRecipientKeyOnly() {
        KeyPair recipient = KeyAlgorithm.EC_P256.generate(random);
        SessionKey key = SessionKey.generate(random);

        String sealed = sealer.seal(key, recipient.getPublic());

        assertThat(sealed).startsWith("v1.ecdh-hkdf-sha256-a256gcm.").doesNotContain(key.encoded());
        assertThat(sealer.open(sealed, recipient.getPrivate())).isEqualTo(key);
        assertThatThrownBy(() -> sealer.open(sealed, KeyAlgorithm.EC_P256.generate(random).getPrivate()))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED));
    }

    @Test
    void p384KeysWorkToo() {
        KeyPair recipient = KeyAlgorithm.EC_P384.generate(random);
        SessionKey key = SessionKey.generate(random);

        assertThat(sealer.open(sealer.seal(key, recipient.getPublic()), recipient.getPrivate())).isEqualTo(key);
    }

    @Test
    void rsaSealedKeyUsesOaepSha256() {
        KeyPair recipient = KeyAlgorithm.RSA_2048.generate(random);
        SessionKey key = SessionKey.generate(random);

        String sealed = sealer.seal(key, recipient.getPublic());

        assertThat(sealed).startsWith("v1.rsa-oaep-sha256.");
        assertThat(sealer.open(sealed, recipient.getPrivate())).isEqualTo(key);
    }

    @Test
    void tamperedOrMalformedBoxesDoNotOpen() {
        KeyPair recipient = KeyAlgorithm.EC_P256.generate(random);
        String sealed = sealer.seal(SessionKey.generate(random), recipient.getPublic());
        String[] parts = sealed.split("\\.");
        char last = parts[4].charAt(5);
        String flipped = sealed.substring(0, sealed.length() - parts[4].length()) + parts[4].substring(0, 5)
                + (last == 'A' ? 'B' : 'A') + parts[4].substring(6);

        for (String hostile : new String[] {flipped, "v1.rsa-oaep-sha256.AAAA", "garbage", sealed + ".x", sealed.replace("v1.", "v2.")}) {
            assertThatThrownBy(() -> sealer.open(hostile, recipient.getPrivate()))
                    .hasMessageContaining("cannot be opened with this private key");
        }
    }

    @Test
    void sessionKeysAreRandomAndNeverPrinted() {
        SessionKey key = SessionKey.generate(random);

        assertThat(key).isNotEqualTo(SessionKey.generate(random));
        assertThat(key.toString()).doesNotContain(key.encoded());
        assertThat(SessionKey.parse(key.encoded())).isEqualTo(key);
        assertThat(key.encoded()).hasSize(43);
    }
}
