package org.planetlab.api.error;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns what went wrong while doing an operation on the node into the failure its caller sees:
 * {@code "<operation>: <what was being done>: <cause>"} with a code, never a bare exception
 * class. A failure that already has a code is reported as it is (its message says what was
 * wrong); an I/O failure (a file, a directory, a device) is
 * {@link ErrorCode#HOST_OPERATION_FAILED}; anything else is an {@link ErrorCode#INTERNAL_ERROR}
 * whose details are in the node's log. The node agent and the slice creation service, a process
 * of its own beside it, both report host failures this way, so they read the same from either.
 */
public final class HostFailures {
    private HostFailures() {}

    /** The failure to report for {@code failure}, raised while doing {@code operation}. */
    public static PlanetLabException of(String operation, RuntimeException failure) {
        return switch (failure) {
            case PlanetLabException known -> known;
            case UncheckedIOException io -> new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED,
                    operation + ": " + describe(io), io);
            default -> new PlanetLabException(ErrorCode.INTERNAL_ERROR, operation + ": an unexpected "
                    + failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : " (" + failure.getMessage() + ")")
                    + "; the node's log has the details", failure);
        };
    }

    /** What was being done and why it failed, e.g. "cannot write /var/x.tmp: permission denied on /var/x.tmp". */
    public static String describe(UncheckedIOException failure) {
        IOException cause = failure.getCause();
        String reason = IoCauses.describe(cause);
        // new UncheckedIOException(cause) takes the cause's toString as its message, which says nothing more.
        boolean ownWords = failure.getMessage() != null && !failure.getMessage().equals(String.valueOf(cause));
        return ownWords ? failure.getMessage() + ": " + reason : reason;
    }
}
