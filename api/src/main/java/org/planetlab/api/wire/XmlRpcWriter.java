package org.planetlab.api.wire;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Encodes neutral values (see {@link WireValues}) as XML-RPC documents. Integers that fit in
 * 32 bits are written as {@code <int>}, larger ones as {@code <i8>}; {@code null} as
 * {@code <nil/>}. Carriage returns are written as character references so that they survive
 * XML's line-end normalization and strings read back exactly as they were written.
 */
public final class XmlRpcWriter {
    private static final DateTimeFormatter BASIC_DATE_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    public byte[] writeCall(String methodName, List<?> params) {
        StringBuilder out = new StringBuilder(256).append(PROLOG).append("<methodCall><methodName>");
        escape(methodName, out);
        out.append("</methodName><params>");
        for (Object param : params) {
            out.append("<param>");
            writeValue(param, out);
            out.append("</param>");
        }
        out.append("</params></methodCall>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] writeResponse(Object value) {
        StringBuilder out = new StringBuilder(256).append(PROLOG).append("<methodResponse><params><param>");
        writeValue(value, out);
        out.append("</param></params></methodResponse>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a fault; {@link XmlRpcFaults} builds it from an error code. */
    public byte[] writeFault(XmlRpcResponse.Fault fault) {
        StringBuilder out = new StringBuilder(256).append(PROLOG).append("<methodResponse><fault>");
        writeValue(XmlRpcFaults.struct(fault), out);
        out.append("</fault></methodResponse>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends {@code <value>...</value>} for one neutral value. */
    public void writeValue(Object value, StringBuilder out) {
        out.append("<value>");
        switch (value) {
            case null -> out.append("<nil/>");
            case Boolean bool -> out.append("<boolean>").append(bool ? '1' : '0').append("</boolean>");
            case Integer number -> out.append("<int>").append(number).append("</int>");
            case Long number -> {
                boolean small = number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE;
                String tag = small ? "int" : "i8";
                out.append('<').append(tag).append('>').append(number).append("</").append(tag).append('>');
            }
            case Double number -> {
                if (number.isNaN() || number.isInfinite()) {
                    throw new IllegalArgumentException("XML-RPC cannot carry the double " + number);
                }
                out.append("<double>").append(plainDouble(number)).append("</double>");
            }
            case String text -> {
                out.append("<string>");
                escape(text, out);
                out.append("</string>");
            }
            case byte[] bytes -> out.append("<base64>").append(Base64.getEncoder().encodeToString(bytes)).append("</base64>");
            case Instant instant -> out.append("<dateTime.iso8601>").append(BASIC_DATE_TIME.format(instant))
                    .append("</dateTime.iso8601>");
            case List<?> list -> {
                out.append("<array><data>");
                for (Object element : list) {
                    writeValue(element, out);
                }
                out.append("</data></array>");
            }
            case Map<?, ?> map -> {
                out.append("<struct>");
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append("<member><name>");
                    escape(String.valueOf(entry.getKey()), out);
                    out.append("</name>");
                    writeValue(entry.getValue(), out);
                    out.append("</member>");
                }
                out.append("</struct>");
            }
            default -> throw new IllegalArgumentException("XML-RPC cannot carry a " + value.getClass().getName());
        }
        out.append("</value>");
    }

    private static String plainDouble(double number) {
        // XML-RPC doubles have no exponent; BigDecimal gives the exact shortest plain form.
        String plain = new java.math.BigDecimal(Double.toString(number)).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static void escape(String text, StringBuilder out) {
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n') {
                        throw new IllegalArgumentException(
                                "XML-RPC cannot carry the control character U+%04X".formatted((int) c));
                    }
                    out.append(c);
                }
            }
        }
    }
}
