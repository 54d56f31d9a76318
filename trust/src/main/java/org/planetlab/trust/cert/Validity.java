package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/** A closed interval of UTC time, to the second, during which a signed statement holds. */
public record Validity(Instant notBefore, Instant notAfter) {
    public Validity {
        requireNonNull(notBefore, "notBefore is null");
        requireNonNull(notAfter, "notAfter is null");
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!notAfter.isAfter(notBefore)) {
            throw PlanetLabException.invalidArgument("validity ends (" + notAfter + ") before it starts (" + notBefore + ")");
        }
    }

    public static Validity starting(Instant start, Duration length) {
        requireNonNull(length, "length is null");
        if (length.isNegative() || length.isZero()) {
            throw PlanetLabException.invalidArgument("validity length must be positive, got " + length);
        }
        return new Validity(start, start.plus(length));
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }

    /** Refuses an instant outside the interval, naming the statement ({@code what}) in the error. */
    public void check(Instant now, String what) {
        if (now.isBefore(notBefore)) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, what + " is not valid before " + notBefore + " (now " + now.truncatedTo(ChronoUnit.SECONDS) + ")");
        }
        if (now.isAfter(notAfter)) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, what + " expired at " + notAfter + " (now " + now.truncatedTo(ChronoUnit.SECONDS) + ")");
        }
    }

    static Instant parseInstant(String value, String what) {
        try {
            if (!value.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")) {
                throw new DateTimeParseException("not in the form YYYY-MM-DDThh:mm:ssZ", value, 0);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new PlanetLabException(ErrorCode.MALFORMED_REQUEST,
                    what + ": time \"" + Names.shorten(value) + "\" is not in the form YYYY-MM-DDThh:mm:ssZ");
        }
    }
}
