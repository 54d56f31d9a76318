package org.planetlab.am.geni;

import static java.util.Objects.requireNonNull;

/**
 * A call that ends with a GENI return code other than success; its message becomes the answer's
 * {@code output}, so it says what was wrong and what to do.
 */
public final class GeniException extends RuntimeException {
    private final GeniCode code;

    public GeniException(GeniCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public GeniException(GeniCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public GeniCode code() {
        return code;
    }

    public static GeniException badArgs(String message) {
        return new GeniException(GeniCode.BADARGS, message);
    }

    public static GeniException forbidden(String message) {
        return new GeniException(GeniCode.FORBIDDEN, message);
    }

    public static GeniException searchFailed(String message) {
        return new GeniException(GeniCode.SEARCHFAILED, message);
    }
}
