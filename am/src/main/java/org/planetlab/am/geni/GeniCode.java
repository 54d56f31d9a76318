package org.planetlab.am.geni;

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

    /** The number clients see in {@code geni_code}. */
    public int number() {
        return number;
    }
}
