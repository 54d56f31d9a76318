package org.planetlab.plc.key;

import static java.util.Objects.requireNonNull;

/** A stored public key as its owner sees it: its id, type, the OpenSSH line and its fingerprint. */
public record KeyDetails(long keyId, String keyType, String key, String fingerprint) {
    public KeyDetails {
        requireNonNull(keyType, "keyType is null");
        requireNonNull(key, "key is null");
        requireNonNull(fingerprint, "fingerprint is null");
    }
}
