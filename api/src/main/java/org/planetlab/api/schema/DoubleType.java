package org.planetlab.api.schema;

/** A finite double within {@code [min, max]}; integers are accepted and widened. */
public record DoubleType(double min, double max) implements ValueType {
    public static final DoubleType ANY = new DoubleType(-Double.MAX_VALUE, Double.MAX_VALUE);

    @Override
    public Object check(Object value, String path) {
        double number = switch (value) {
            case Double real -> real;
            case Long whole -> whole.doubleValue();
            case Integer whole -> whole.doubleValue();
            default -> throw TypeErrors.mismatch(path, describe(), value);
        };
        if (Double.isNaN(number) || number < min || number > max) {
            throw TypeErrors.invalid(path, "%s is out of range; expected %s".formatted(number, describe()));
        }
        return number;
    }

    @Override
    public String describe() {
        if (min == -Double.MAX_VALUE && max == Double.MAX_VALUE) {
            return "a number";
        }
        return "a number from %s to %s".formatted(min, max);
    }

    @Override
    public String xmlRpcName() {
        return "double";
    }
}
