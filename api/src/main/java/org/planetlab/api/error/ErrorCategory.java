package org.planetlab.api.error;

/**
 * Broad class of a failure. The wire encodings pick their status (HTTP status, XML-RPC fault
 * code) from the code and its category, so callers and operators can tell their own mistakes
 * from the server's.
 */
public enum ErrorCategory {
    /** The request itself is wrong: malformed, wrong types, bad values. */
    USER_ERROR,
    /** The caller could not be identified. */
    AUTHENTICATION,
    /** The caller is known but may not do this. */
    PERMISSION,
    /** A named object does not exist. */
    NOT_FOUND,
    /** The request conflicts with existing state (duplicate name, object in use). */
    CONFLICT,
    /** A quota or size limit would be exceeded. */
    LIMIT,
    /** Something failed inside the server; the request may be retried. */
    INTERNAL,
}
