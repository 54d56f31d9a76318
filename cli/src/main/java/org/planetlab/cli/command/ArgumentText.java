package org.planetlab.cli.command;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.DoubleType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.schema.ValueType;
import org.planetlab.api.wire.JsonCodec;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns the text of a command-line argument into the value a method parameter or struct field
 * takes, by its declared type: integers, numbers, booleans, dates for timestamps, an id or a name
 * for references, JSON for structs. Only the form is converted; whether the value is acceptable
 * (ranges, patterns, required fields) is the server's to decide, so its message is the one people
 * see.
 */
public final class ArgumentText {
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final JsonCodec JSON = new JsonCodec();

    private ArgumentText() {}

    /**
     * Converts {@code text} for a value of {@code type}; throws a usage error naming {@code what}
     * (empty where picocli names the option itself).
     */
    public static Object convert(String text, ValueType type, String what) {
        return switch (type) {
            case NullableType nullable -> convert(text, nullable.type(), what);
            case IntType integer when IntType.TIMESTAMP.equals(integer) -> timestamp(text, what);
            case IntType ignored -> integer(text, what);
            case DoubleType ignored -> number(text, what);
            case BoolType ignored -> bool(text, what);
            case StringType ignored -> text;
            case MixedType mixed -> mixed(text, mixed, what);
            case ArrayType array when !(array.element() instanceof StructType) -> convert(text, array.element(), what);
            case StructType ignored -> json(text, what);
            case ArrayType ignored -> json(text, what);
            case AnyType ignored -> json(text, what);
            case FilterType ignored -> json(text, what);
        };
    }

    private static String prefix(String what) {
        return what.isEmpty() ? "" : what + ": ";
    }

    /** Whether a value of this type is given as several arguments (a list). */
    public static boolean isList(ValueType type) {
        ValueType inner = type instanceof NullableType nullable ? nullable.type() : type;
        return inner instanceof ArrayType array && !(array.element() instanceof StructType);
    }

    /**
     * An id or a name, as references are written: digits are an id, anything else a name. A name
     * made only of digits cannot be written this way; use the id.
     */
    private static Object mixed(String text, MixedType mixed, String what) {
        boolean takesInteger = mixed.alternatives().stream().anyMatch(IntType.class::isInstance);
        boolean takesString = mixed.alternatives().stream().anyMatch(StringType.class::isInstance);
        if (takesInteger && (INTEGER.matcher(text).matches() || !takesString)) {
            return integer(text, what);
        }
        return text;
    }

    private static long integer(String text, String what) {
        try {
            return Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new TypeConversionException(prefix(what) + "expected an integer, got '" + text + "'");
        }
    }

    private static double number(String text, String what) {
        try {
            double value = Double.parseDouble(text.strip());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new TypeConversionException(prefix(what) + "expected a number, got '" + text + "'");
        }
    }

    private static boolean bool(String text, String what) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new TypeConversionException(prefix(what) + "expected true or false, got '" + text + "'");
        };
    }

    /**
     * A time: seconds since the epoch, a date (midnight UTC, e.g. 2025-07-01), a UTC date and
     * time (2025-07-01T12:00) or an instant with an offset (2025-07-01T12:00:00Z).
     */
    public static long timestamp(String text, String what) {
        String trimmed = text.strip();
        if (INTEGER.matcher(trimmed).matches()) {
            return integer(trimmed, what);
        }
        try {
            if (trimmed.length() == 10) {
                return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
            if (trimmed.endsWith("Z") || trimmed.matches(".*[+-][0-9]{2}:[0-9]{2}$")) {
                return OffsetDateTime.parse(trimmed).toEpochSecond();
            }
            return LocalDateTime.parse(trimmed).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new TypeConversionException(prefix(what) + "expected a date such as 2025-07-01, 2025-07-01T12:00:00Z"
                    + " or seconds since 1970, got '" + text + "'");
        }
    }

    /** JSON text as a value; a word that is not JSON is taken as a string. */
    public static Object json(String text, String what) {
        try {
            return JSON.read(text.getBytes(StandardCharsets.UTF_8));
        } catch (PlanetLabException e) {
            throw new TypeConversionException(prefix(what) + e.getMessage());
        }
    }

    /** Like {@link #json} but a bare word that is not JSON becomes a string. */
    public static Object jsonOrString(String text) {
        try {
            return JSON.read(text.getBytes(StandardCharsets.UTF_8));
        } catch (PlanetLabException e) {
            return text;
        }
    }

    /** The instant {@code seconds} after the epoch, for messages. */
    public static String describeTime(long seconds) {
        return Instant.ofEpochSecond(seconds).toString();
    }
}
