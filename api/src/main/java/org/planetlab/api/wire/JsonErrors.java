package org.planetlab.api.wire;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The one place error codes become the HTTP status and body of a JSON API's error answer, and
 * such answers become error codes again. The body is {@code {"error": {"code": NAME,
 * "fault_code": PLCAPI's number, "message": text}}}; the code's name is what decodes, so every
 * code survives the round trip, and the status (chosen from the category, with a few exact
 * cases) lets HTTP tools and proxies tell the caller's mistakes from the server's.
 */
public final class JsonErrors {
    private JsonErrors() {}

    /** The HTTP status of an error answer. */
    public static int status(ErrorCode code) {
        return switch (requireNonNull(code, "code is null")) {
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

    /** The body of the answer that reports a failure. */
    public static Map<String, Object> body(ErrorCode code, String message) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", code.name());
        detail.put("fault_code", (long) XmlRpcFaults.number(code));
        detail.put("message", requireNonNull(message, "message is null"));
        return Map.of("error", detail);
    }

    /** The body of the answer that reports a failure. */
    public static Map<String, Object> body(PlanetLabException failure) {
        return body(failure.code(), failure.getMessage());
    }

    /**
     * The failure an error member ({@code answer.error}) reports. A code this side does not
     * know (a newer server) is an internal error, with the server's message kept.
     */
    public static PlanetLabException exception(Map<?, ?> error) {
        ErrorCode code = ErrorCode.INTERNAL_ERROR;
        for (ErrorCode candidate : ErrorCode.values()) {
            if (candidate.name().equals(error.get("code"))) {
                code = candidate;
            }
        }
        return new PlanetLabException(code, String.valueOf(error.get("message")));
    }
}
