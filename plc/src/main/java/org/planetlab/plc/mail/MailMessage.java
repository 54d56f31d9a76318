package org.planetlab.plc.mail;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.api.error.PlanetLabException;

/**
 * One plain-text message from PLC.
 *
 * @param to the recipients' addresses, at least one
 * @param subject one line
 * @param body the text, at most {@link #MAX_BODY_CHARS} characters
 */
public record MailMessage(List<String> to, String subject, String body) {
    public static final int MAX_BODY_CHARS = 256 * 1024;

    public MailMessage {
        to = List.copyOf(requireNonNull(to, "to is null"));
        requireNonNull(subject, "subject is null");
        requireNonNull(body, "body is null");
        if (to.isEmpty()) {
            throw PlanetLabException.invalidArgument("a message needs at least one recipient");
        }
        for (String address : to) {
            if (address.isBlank() || !address.contains("@") || hasLineBreak(address) || address.length() > 254) {
                throw PlanetLabException.invalidArgument("not a mail address: " + address.strip());
            }
        }
        if (hasLineBreak(subject)) {
            // A line break would let the subject add headers of its own.
            throw PlanetLabException.invalidArgument("a subject is one line");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw PlanetLabException.invalidArgument("a message body has at most " + MAX_BODY_CHARS + " characters");
        }
    }

    private static boolean hasLineBreak(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    }
}
