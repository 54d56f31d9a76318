package org.planetlab.api.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The neutral value model both encodings decode into and encode from: {@code null},
 * {@link Boolean}, {@link Long} (every integer), {@link Double}, {@link String},
 * {@code byte[]}, {@link Instant}, {@link List} and {@link Map} with {@link String} keys.
 */
public final class WireValues {
    private WireValues() {}

    /** The name a person would use for the kind of this value, for error messages. */
    public static String kindOf(Object value) {
        return switch (value) {
            case null -> "nil";
            case Boolean ignored -> "boolean";
            case Long ignored -> "integer";
            case Integer ignored -> "integer";
            case Double ignored -> "double";
            case String ignored -> "string";
            case byte[] ignored -> "base64";
            case Instant ignored -> "dateTime";
            case List<?> ignored -> "array";
            case Map<?, ?> ignored -> "struct";
            default -> value.getClass().getSimpleName();
        };
    }

    /**
     * Whether a character may appear in an XML 1.0 document, and so in any string PlanetLab
     * stores: every Unicode scalar value except most C0 controls and U+FFFE/U+FFFF.
     */
    public static boolean isXmlCharacter(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || (codePoint >= 0x20 && codePoint <= 0xD7FF)
                || (codePoint >= 0xE000 && codePoint <= 0xFFFD)
                || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
    }

    /**
     * Returns a description of the first character of {@code text} that PlanetLab cannot store
     * or transmit (a control character or an unpaired surrogate), or {@code null} if there is
     * none.
     */
    public static String firstInvalidCharacter(String text) {
        for (int index = 0; index < text.length(); ) {
            char current = text.charAt(index);
            if (Character.isHighSurrogate(current)) {
                if (index + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(index + 1))) {
                    return "an unpaired surrogate U+%04X at position %d".formatted((int) current, index);
                }
                index += 2;
                continue;
            }
            if (Character.isLowSurrogate(current)) {
                return "an unpaired surrogate U+%04X at position %d".formatted((int) current, index);
            }
            if (!isXmlCharacter(current)) {
                return "the control character U+%04X at position %d".formatted((int) current, index);
            }
            index++;
        }
        return null;
    }
}
