package org.planetlab.plc.http;

import org.planetlab.api.error.ErrorCode;

/** The one place error codes become HTTP statuses (for the JSON API). */
final class HttpStatuses {
    private HttpStatuses() {}

    static int of(ErrorCode code) {
        return switch (code) {
            case REQUEST_TOO_LARGE -> 413;
            case UNKNOWN_METHOD -> 404;
            case DATABASE_ERROR, UNAVAILABLE -> 503;
            default -> switch (code.category()) {
                case USER_ERROR -> 400;
                case AUTHENTICATION -> 401;
                case PERMISSION -> 403;
                case NOT_FOUND -> 404;
                case CONFLICT, LIMIT -> 409;
                case INTERNAL -> 500;
            };
        };
    }
}
