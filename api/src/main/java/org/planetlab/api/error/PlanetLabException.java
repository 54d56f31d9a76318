package org.planetlab.api.error;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type for expected failures. Its message is meant for the person who made
 * the request: it names what was wrong and, where it helps, what to do instead. It never
 * contains secrets.
 */
public class PlanetLabException extends RuntimeException {
    private final ErrorCode code;

    public PlanetLabException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public PlanetLabException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    public static PlanetLabException invalidArgument(String message) {
        return new PlanetLabException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static PlanetLabException notFound(String message) {
        return new PlanetLabException(ErrorCode.NOT_FOUND, message);
    }

    public static PlanetLabException permissionDenied(String message) {
        return new PlanetLabException(ErrorCode.PERMISSION_DENIED, message);
    }

    public static PlanetLabException alreadyExists(String message) {
        return new PlanetLabException(ErrorCode.ALREADY_EXISTS, message);
    }
}
