package org.planetlab.plc.auth;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The node authentication of PLCAPI's {@code hmac} auth struct (PlanetLab 3.x, still what the
 * original node software sends): {@code value} is the hexadecimal HMAC-SHA1, keyed with the
 * node key as written in plnode.txt, of the call's arguments after auth flattened to strings
 * (arrays and structs recursively, a struct by its values only), sorted, concatenated and put
 * in brackets: {@code "[" + join(sorted) + "]"}, encoded in UTF-8. Each value is written as
 * Python 2's {@code unicode()} writes it: integers in decimal, {@code True}/{@code False},
 * {@code None}, doubles with 12 significant digits ({@code 0.1}, {@code 1.0}, {@code 1e+16}),
 * date-times as XML-RPC writes them.
 *
 * <p>The digest covers neither the method nor a time: the same call always has the same value.
 * That is the original's design, kept for its clients; requests signed in the
 * {@code Authorization} header ({@link SignedNodeRequests}) are bound to one request.
 */
public final class FlattenedArgumentsHmac {
    private static final DateTimeFormatter XML_RPC_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final Comparator<String> BY_CODE_POINTS = (left, right) -> {
        int[] a = left.codePoints().toArray();
        int[] b = right.codePoints().toArray();
        return java.util.Arrays.compare(a, b);
    };

    private FlattenedArgumentsHmac() {}

    /** The message the digest is computed over. */
    public static String message(List<?> args) {
        List<String> values = new ArrayList<>();
        flatten(args, values);
        values.sort(BY_CODE_POINTS);
        return "[" + String.join("", values) + "]";
    }

    /** The lowercase hexadecimal digest a node sends as the auth struct's {@code value}. */
    public static String digest(String nodeKey, List<?> args) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(nodeKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(message(args).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing", e);
        }
    }

    /** Whether {@code value} is the digest of {@code args} with {@code nodeKey}, compared in constant time. */
    public static boolean matches(String nodeKey, List<?> args, String value) {
        byte[] expected = digest(nodeKey, args).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    private static void flatten(Object value, List<String> into) {
        switch (value) {
            case Collection<?> list -> list.forEach(element -> flatten(element, into));
            case Map<?, ?> struct -> struct.values().forEach(element -> flatten(element, into));
            case null -> into.add("None");
            case Boolean bool -> into.add(bool ? "True" : "False");
            case Double number -> into.add(python2(number));
            case Instant time -> into.add(XML_RPC_TIME.format(time));
            case byte[] bytes -> into.add(new String(bytes, StandardCharsets.UTF_8));
            default -> into.add(value.toString());
        }
    }

    /** Python 2's str() of a float: C's %.12g, with ".0" added when it looks like an integer. */
    static String python2(double number) {
        if (number == 0) {
            return (1 / number < 0) ? "-0.0" : "0.0";
        }
        BigDecimal rounded = new BigDecimal(number).round(new MathContext(12, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String text;
        if (exponent < -4 || exponent >= 12) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            text = mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+")
                    + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        } else {
            text = rounded.stripTrailingZeros().toPlainString();
        }
        return text.matches("-?[0-9]+") ? text + ".0" : text;
    }
}
