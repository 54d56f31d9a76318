package org.planetlab.node.audit.page;

/** A query the page refuses, with the message the asker sees (status 400). */
final class BadRequest extends RuntimeException {
    BadRequest(String message) {
        super(message, null, false, false);
    }
}
