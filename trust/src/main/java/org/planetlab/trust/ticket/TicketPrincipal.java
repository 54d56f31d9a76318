package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import org.planetlab.trust.cert.Names;
import org.planetlab.trust.key.KeyFingerprint;

/**
 * Who may redeem a ticket or holds a lease: a person by e-mail, or the holder of a key by its
 * fingerprint (the 2003 design named principals by the hash of their public key).
 */
public sealed interface TicketPrincipal {
    /** A typed name, {@code person:<email>} or {@code key:sha256:<hex>}. */
    String identity();

    record Person(String email) implements TicketPrincipal {
        public Person {
            email = Names.email(email);
        }

        @Override
        public String identity() {
            return "person:" + email;
        }
    }

    record Key(KeyFingerprint fingerprint) implements TicketPrincipal {
        public Key {
            requireNonNull(fingerprint, "fingerprint is null");
        }

        public static Key of(PublicKey key) {
            return new Key(KeyFingerprint.of(key));
        }

        @Override
        public String identity() {
            return "key:" + fingerprint.value();
        }
    }
}
