package org.planetlab.api.wire;

import java.util.List;
import java.util.Locale;

/**
 * Says in this project's words why the JSON parser refused a document. The parser's own
 * messages name its switches and limits ({@code JsonReadFeature.ALLOW_...},
 * {@code StreamReadConstraints.getMax...()}), which tell a client what runs here and how it is
 * tuned, and suggest settings the client cannot change.
 */
final class JsonParserMessages {
    /** Where the parser's message turns from what was wrong to how to configure it otherwise. */
    private static final List<String> ADVICE = List.of(": enable ", " (not recognized", ": maybe a (non-standard)",
            "; maybe a (non-standard)", " maybe a (non-standard)");
    private static final List<String> INTERNAL = List.of("`", "Feature", "ALLOW_", "Constraints", "Jackson", "jackson",
            "Exception", "java.", "com.");

    private JsonParserMessages() {}

    /** Why the document breaks JSON's syntax. */
    static String syntax(String parserMessage) {
        String text = firstLine(parserMessage);
        if (text.contains("comment")) {
            return "comments are not JSON";
        }
        for (String advice : ADVICE) {
            int start = text.indexOf(advice);
            if (start >= 0) {
                text = text.substring(0, start);
            }
        }
        for (String internal : INTERNAL) {
            if (text.contains(internal)) {
                return "a character or value JSON does not allow";
            }
        }
        return text.isBlank() ? "parse error" : text.strip();
    }

    /** Which of the document limits was exceeded. */
    static String limit(String parserMessage, WireLimits limits, int maxNumberDigits) {
        String text = firstLine(parserMessage).toLowerCase(Locale.ROOT);
        if (text.contains("nesting depth")) {
            return "values are nested more than %d deep".formatted(limits.maxDepth());
        }
        if (text.contains("number value length")) {
            return "a number has more than %d digits".formatted(maxNumberDigits);
        }
        if (text.contains("string value length")) {
            return "a string is longer than %d characters".formatted(limits.maxBytes());
        }
        if (text.contains("name length")) {
            return "a member name is too long";
        }
        return "the document is too large";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
