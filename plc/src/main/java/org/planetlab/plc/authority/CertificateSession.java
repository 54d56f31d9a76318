package org.planetlab.plc.authority;

import static java.util.Objects.requireNonNull;

/**
 * A session opened for the holder of a certificate: its key sealed to the certificate's public
 * key (only the private key's holder can open it), when it ends (seconds since the epoch), and
 * whose rights it carries (the certificate subject's identity).
 */
public record CertificateSession(String sealedKey, long expires, String subject) {
    public CertificateSession {
        requireNonNull(sealedKey, "sealedKey is null");
        requireNonNull(subject, "subject is null");
    }
}
