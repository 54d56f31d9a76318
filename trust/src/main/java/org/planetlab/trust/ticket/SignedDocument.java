package org.planetlab.trust.ticket;

import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/** Error shaping shared by the ticket and lease readers. */
final class SignedDocument {
    private SignedDocument() {
    }

    /** Re-labels a value error found while reading a document as a malformed document. */
    static PlanetLabException malformed(String what, PlanetLabException e) {
        if (e.code() == ErrorCode.INVALID_ARGUMENT) {
            return new PlanetLabException(ErrorCode.INVALID_ARGUMENT, what + ": " + e.getMessage(), e);
        }
        return e;
    }
}
