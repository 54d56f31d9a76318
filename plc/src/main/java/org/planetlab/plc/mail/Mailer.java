package org.planetlab.plc.mail;

import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/** How PLC sends mail: verification links, password resets, complaints, escalations. */
public interface Mailer {
    /**
     * Hands the message to the mail server; returns once the server accepted it.
     *
     * @throws PlanetLabException {@link ErrorCode#UNAVAILABLE} when no mail server is configured or
     *     the server refused or could not be reached
     */
    void send(MailMessage message);

    /** The address operators receive support mail at, e.g. complaints; empty when none is configured. */
    Optional<String> supportAddress();

    /** The mailer of a PLC that has no mail server configured: it refuses every message by saying so. */
    Mailer NOT_CONFIGURED = new Mailer() {
        @Override
        public void send(MailMessage message) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE,
                    "PLC has no mail server configured (set mail.smtp-host and mail.from in plc.properties)");
        }

        @Override
        public Optional<String> supportAddress() {
            return Optional.empty();
        }
    };
}
