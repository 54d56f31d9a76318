package org.planetlab.api.schema;

/** A 64-bit integer within {@code [min, max]}. */
public record IntType(long min, long max) implements ValueType {
    public static final IntType ANY = new IntType(Long.MIN_VALUE, Long.MAX_VALUE);
    /** Database identifiers: positive 32-bit, as PLCAPI clients expect. */
    public static final IntType ID = new IntType(1, Integer.MAX_VALUE);
    public static final IntType NON_NEGATIVE = new IntType(0, Long.MAX_VALUE);
    /** Seconds since the Unix epoch, as PLCAPI represents every date. */
    public static final IntType TIMESTAMP = new IntType(0, 253_402_300_799L);

    public IntType {
        if (min > max) {
            throw new IllegalArgumentException("min > max");
        }
    }

    @Override
    public Object check(Object value, String path) {
        long number = switch (value) {
            case Long whole -> whole;
            case Integer whole -> whole;
            default -> throw TypeErrors.mismatch(path, describe(), value);
        };
        if (number < min || number > max) {
            throw TypeErrors.invalid(path, "%d is out of range; expected %s".formatted(number, describe()));
        }
        return number;
    }

    @Override
    public String describe() {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return "an integer";
        }
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return "an integer >= " + min;
        }
        return "an integer from %d to %d".formatted(min, max);
    }

    @Override
    public String xmlRpcName() {
        return "int";
    }
}
