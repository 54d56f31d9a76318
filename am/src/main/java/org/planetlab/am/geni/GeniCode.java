package org.planetlab.am.geni;

import org.planetlab.api.error.ErrorCode;

/**
 * The AM API's return codes ({@code code.geni_code}), numbered as the GENI specification numbers
 * them. Clients branch on the number, so the numbers never change.
 */
public enum GeniCode {
    SUCCESS(0),
    BADARGS(1),
    ERROR(2),
    FORBIDDEN(3),
    BADVERSION(4),
    SERVERERROR(5),
    TOOBIG(6),
    REFUSED(7),
    TIMEDOUT(8),
    DBERROR(9),
    RPCERROR(10),
    UNAVAILABLE(11),
    SEARCHFAILED(12),
    UNSUPPORTED(13),
    BUSY(14),
    EXPIRED(15),
    INPROGRESS(16),
    ALREADYEXISTS(17);

    private final int number;

    GeniCode(int number) {
        this.number = number;
    }

    /** The nearest GENI code of one of PLC's own errors. */
    public static GeniCode of(ErrorCode error) {
        return switch (error) {
            case INVALID_ARGUMENT, MALFORMED_REQUEST, WRONG_ARGUMENT_COUNT -> BADARGS;
            case PERMISSION_DENIED, AUTHENTICATION_FAILED, VERIFICATION_FAILED, LOCAL_ONLY -> FORBIDDEN;
            case NOT_FOUND -> SEARCHFAILED;
            case ALREADY_EXISTS -> ALREADYEXISTS;
            case IN_USE -> BUSY;
            case QUOTA_EXCEEDED, REQUEST_TOO_LARGE -> TOOBIG;
            case DATABASE_ERROR -> DBERROR;
            case NOT_IMPLEMENTED -> UNSUPPORTED;
            case UNAVAILABLE -> UNAVAILABLE;
            default -> ERROR;
        };
    }

    /** The number clients see in {@code geni_code}. */
    public int number() {
        return number;
    }
}
