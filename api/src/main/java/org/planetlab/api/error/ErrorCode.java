package org.planetlab.api.error;

import static java.util.Objects.requireNonNull;

/**
 * The closed vocabulary of failures, shared by every PlanetLab component.
 *
 * <p>A code is a name, a category and what it means; nothing here knows how it travels. The edge
 * adapters choose the encoding: {@code org.planetlab.api.wire.XmlRpcFaults} the XML-RPC fault
 * numbers PLCAPI clients understand, {@code org.planetlab.api.wire.JsonErrors} the HTTP status
 * and body of the JSON APIs. Both decode back to the same code.
 */
public enum ErrorCode {
    MALFORMED_REQUEST(ErrorCategory.USER_ERROR, "the request could not be parsed"),
    REQUEST_TOO_LARGE(ErrorCategory.LIMIT, "the request exceeds a size or nesting limit"),
    UNKNOWN_METHOD(ErrorCategory.USER_ERROR, "no method has this name"),
    WRONG_ARGUMENT_COUNT(ErrorCategory.USER_ERROR, "the method takes another number of arguments"),
    INVALID_ARGUMENT(ErrorCategory.USER_ERROR, "an argument has a wrong type or value"),
    AUTHENTICATION_FAILED(ErrorCategory.AUTHENTICATION, "the caller could not be identified"),
    LOCAL_ONLY(ErrorCategory.PERMISSION, "the object belongs to another authority and is read-only here"),
    PERMISSION_DENIED(ErrorCategory.PERMISSION, "the caller may not do this"),
    NOT_FOUND(ErrorCategory.NOT_FOUND, "a named object does not exist"),
    ALREADY_EXISTS(ErrorCategory.CONFLICT, "an object with this name exists already"),
    IN_USE(ErrorCategory.CONFLICT, "the object is still used by another"),
    QUOTA_EXCEEDED(ErrorCategory.LIMIT, "a quota would be exceeded"),
    NOT_IMPLEMENTED(ErrorCategory.INTERNAL, "this part of the method is not implemented"),
    DATABASE_ERROR(ErrorCategory.INTERNAL, "the database failed; the call may be retried"),
    INTERNAL_ERROR(ErrorCategory.INTERNAL, "an unexpected failure inside the server"),
    VERIFICATION_FAILED(ErrorCategory.AUTHENTICATION,
            "a signature, certificate, ticket or other signed object did not verify"),
    HOST_OPERATION_FAILED(ErrorCategory.INTERNAL, "a kernel, file or host-tool operation failed on a node"),
    UNAVAILABLE(ErrorCategory.INTERNAL, "the service is shutting down or a dependency is unreachable");

    private final ErrorCategory category;
    private final String description;

    ErrorCode(ErrorCategory category, String description) {
        this.category = requireNonNull(category, "category is null");
        this.description = requireNonNull(description, "description is null");
    }

    public ErrorCategory category() {
        return category;
    }

    /** What the code means, in general; a failure's own message says what happened. */
    public String description() {
        return description;
    }
}
