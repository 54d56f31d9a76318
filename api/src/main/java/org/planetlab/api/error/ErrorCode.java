package org.planetlab.api.error;

import static java.util.Objects.requireNonNull;

/**
 * The closed vocabulary of failures, shared by every PlanetLab component.
 *
 * <p>Each code carries its category and the numeric XML-RPC fault code that PLCAPI clients
 * already understand (PLCAPI's {@code PLC/Faults.py}); codes PLCAPI folded into "invalid
 * argument" keep that number for compatibility but stay distinct here and in the JSON API.
 */
public enum ErrorCode {
    MALFORMED_REQUEST(ErrorCategory.USER_ERROR, -32700),
    REQUEST_TOO_LARGE(ErrorCategory.LIMIT, -32700),
    UNKNOWN_METHOD(ErrorCategory.USER_ERROR, 100),
    WRONG_ARGUMENT_COUNT(ErrorCategory.USER_ERROR, 101),
    INVALID_ARGUMENT(ErrorCategory.USER_ERROR, 102),
    AUTHENTICATION_FAILED(ErrorCategory.AUTHENTICATION, 103),
    LOCAL_ONLY(ErrorCategory.PERMISSION, 104),
    PERMISSION_DENIED(ErrorCategory.PERMISSION, 108),
    NOT_FOUND(ErrorCategory.NOT_FOUND, 102),
    ALREADY_EXISTS(ErrorCategory.CONFLICT, 102),
    IN_USE(ErrorCategory.CONFLICT, 102),
    QUOTA_EXCEEDED(ErrorCategory.LIMIT, 102),
    NOT_IMPLEMENTED(ErrorCategory.INTERNAL, 109),
    DATABASE_ERROR(ErrorCategory.INTERNAL, 106),
    INTERNAL_ERROR(ErrorCategory.INTERNAL, 111),
    /** A signature, certificate, ticket or other signed object did not verify. */
    VERIFICATION_FAILED(ErrorCategory.AUTHENTICATION, 103),
    /** A kernel or host operation failed on a node. */
    HOST_OPERATION_FAILED(ErrorCategory.INTERNAL, 111),
    /** The service is shutting down or a dependency is unreachable. */
    UNAVAILABLE(ErrorCategory.INTERNAL, 111);

    private final ErrorCategory category;
    private final int faultCode;

    ErrorCode(ErrorCategory category, int faultCode) {
        this.category = requireNonNull(category, "category is null");
        this.faultCode = faultCode;
    }

    public ErrorCategory category() {
        return category;
    }

    /** The XML-RPC fault code, as PLCAPI numbers it. */
    public int faultCode() {
        return faultCode;
    }
}
