package org.planetlab.api.schema;

import java.util.regex.Pattern;
import org.planetlab.api.wire.WireValues;

/**
 * A string of {@code minLength} to {@code maxLength} Unicode code points, optionally matching a
 * pattern described in words by {@code rule}. Characters XML cannot carry (most C0 controls,
 * unpaired surrogates, U+FFFE, U+FFFF) are refused everywhere, so that whatever is stored can
 * be returned through both encodings unchanged.
 */
public record StringType(int minLength, int maxLength, Pattern pattern, String rule) implements ValueType {
    public StringType {
        if (minLength < 0 || maxLength < minLength) {
            throw new IllegalArgumentException("bad length bounds");
        }
        if ((pattern == null) != (rule == null)) {
            throw new IllegalArgumentException("a pattern needs a rule and a rule a pattern");
        }
    }

    public static StringType max(int maxLength) {
        return new StringType(0, maxLength, null, null);
    }

    public static StringType nonEmpty(int maxLength) {
        return new StringType(1, maxLength, null, null);
    }

    public static StringType matching(int maxLength, String regex, String rule) {
        return new StringType(1, maxLength, Pattern.compile(regex), rule);
    }

    @Override
    public Object check(Object value, String path) {
        if (!(value instanceof String text)) {
            throw TypeErrors.mismatch(path, describe(), value);
        }
        String invalid = WireValues.firstInvalidCharacter(text);
        if (invalid != null) {
            throw TypeErrors.invalid(path, "contains " + invalid + ", which cannot be stored");
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxLength) {
            throw TypeErrors.invalid(path, "is %d characters long; at most %d are allowed".formatted(length, maxLength));
        }
        if (length < minLength) {
            throw TypeErrors.invalid(path, minLength == 1 ? "must not be empty"
                    : "is %d characters long; at least %d are required".formatted(length, minLength));
        }
        if (pattern != null && !pattern.matcher(text).matches()) {
            throw TypeErrors.invalid(path, "\"%s\" is not valid: %s".formatted(TypeErrors.abbreviate(text), rule));
        }
        return text;
    }

    @Override
    public String describe() {
        String base = "a string of at most %d characters".formatted(maxLength);
        return rule == null ? base : base + " (" + rule + ")";
    }

    @Override
    public String xmlRpcName() {
        return "string";
    }
}
