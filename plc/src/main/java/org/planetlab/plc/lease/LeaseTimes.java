package org.planetlab.plc.lease;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.IntType;

/**
 * Lease times as PLCAPI took them: seconds since the epoch, or text in UTC such as
 * {@code 2030-03-17 18:00}, {@code 2030-03-17 18:00:00}, {@code 2030-03-17T18:00:00Z} or an
 * instant with an offset.
 */
final class LeaseTimes {
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private LeaseTimes() {}

    static Optional<Long> optional(Object wire, String what) {
        return wire == null ? Optional.empty() : Optional.of(seconds(wire, what));
    }

    static long seconds(Object wire, String what) {
        if (wire instanceof Long seconds) {
            return seconds;
        }
        String text = String.valueOf(wire).strip();
        long seconds;
        try {
            if (text.length() == 10) {
                seconds = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            } else if (text.endsWith("Z") || text.matches(".*[+-][0-9]{2}:[0-9]{2}$")) {
                seconds = OffsetDateTime.parse(text.replace(' ', 'T')).toEpochSecond();
            } else if (text.contains("T")) {
                seconds = LocalDateTime.parse(text).toEpochSecond(ZoneOffset.UTC);
            } else {
                seconds = LocalDateTime.parse(text, SPACED).toEpochSecond(ZoneOffset.UTC);
            }
        } catch (DateTimeException e) {
            throw PlanetLabException.invalidArgument(("%s: expected seconds since 1970 or a UTC date and time such as"
                    + " 2030-03-17 18:00 or 2030-03-17T18:00:00Z, got '%s'").formatted(what, abbreviate(text)));
        }
        if (seconds < 0 || seconds > IntType.TIMESTAMP.max()) {
            throw PlanetLabException.invalidArgument(what + ": " + abbreviate(text) + " is before 1970 or after 9999");
        }
        return seconds;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
