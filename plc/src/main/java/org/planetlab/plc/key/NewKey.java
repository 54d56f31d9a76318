package org.planetlab.plc.key;

import static java.util.Objects.requireNonNull;

/**
 * A public key to add to an account: its type (PLCAPI knows only "ssh") and the OpenSSH key line,
 * which {@link KeyService} parses and checks.
 */
public record NewKey(String keyType, String key) {
    public NewKey {
        requireNonNull(keyType, "keyType is null");
        requireNonNull(key, "key is null");
    }

    /** An SSH public key line, as in a .pub file. */
    public static NewKey ssh(String key) {
        return new NewKey("ssh", key);
    }
}
