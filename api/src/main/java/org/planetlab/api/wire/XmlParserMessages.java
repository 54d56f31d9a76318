package org.planetlab.api.wire;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.planetlab.api.error.ErrorCode;

/**
 * Says in this project's words why the JDK's XML parser refused a document. Its messages name
 * its limits by their system properties and message keys ({@code JAXP00010006},
 * {@code jdk.xml.maxElementDepth}), which tell a client what runs here and how it is tuned.
 */
public final class XmlParserMessages {
    private static final Pattern POSITION = Pattern.compile("ParseError at \\[row,col]:\\[(\\d+),(\\d+)]\\s*Message:\\s*");
    private static final Pattern LIMIT_KEY = Pattern.compile("JAXP000(\\d{5})");

    /**
     * What was wrong.
     *
     * @param code {@link ErrorCode#REQUEST_TOO_LARGE} when a parser limit was exceeded,
     *     {@link ErrorCode#MALFORMED_REQUEST} otherwise
     */
    public record Refusal(ErrorCode code, String reason) {}

    private XmlParserMessages() {}

    /** Translates a parser's message (of a StAX or SAX exception); {@code null} reads as no reason. */
    public static Refusal translate(String parserMessage) {
        String text = parserMessage == null ? "" : parserMessage.replace('\n', ' ').strip();
        String where = "";
        Matcher position = POSITION.matcher(text);
        if (position.find()) {
            where = " (line %s, column %s)".formatted(position.group(1), position.group(2));
            text = text.substring(position.end());
        }
        Matcher limit = LIMIT_KEY.matcher(text);
        if (limit.find()) {
            String reason = switch (limit.group(1)) {
                case "10006" -> "elements are nested beyond the parser's depth limit";
                case "10002" -> "an element has too many attributes";
                case "10005" -> "a name or value is longer than the parser accepts";
                case "10001", "10003", "10004", "10007" -> "entities expand beyond the parser's limits";
                default -> "the document exceeds a limit of the parser";
            };
            return new Refusal(ErrorCode.REQUEST_TOO_LARGE, reason + where);
        }
        if (text.contains("jdk.xml") || text.contains("jaxp") || text.contains("Exception") || text.contains("java.")
                || text.contains("org.")) {
            return new Refusal(ErrorCode.MALFORMED_REQUEST, "the parser could not read it" + where);
        }
        return new Refusal(ErrorCode.MALFORMED_REQUEST, (text.isEmpty() ? "parse error" : text) + where);
    }
}
