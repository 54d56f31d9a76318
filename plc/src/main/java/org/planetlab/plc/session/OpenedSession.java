package org.planetlab.plc.session;

import static java.util.Objects.requireNonNull;

/**
 * A session handed to its owner: the key, shown to the caller once and stored only as its
 * digest, and when it ends (seconds since the epoch).
 */
public record OpenedSession(String key, long expires) {
    public OpenedSession {
        requireNonNull(key, "key is null");
    }

    /** Never prints the key, so that a logged or printed session cannot be used. */
    @Override
    public String toString() {
        return "OpenedSession[key=(hidden), expires=" + expires + "]";
    }
}
