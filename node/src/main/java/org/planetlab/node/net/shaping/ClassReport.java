package org.planetlab.node.net.shaping;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTB class as {@code tc -s class show} prints it. The iproute2 shipped with Debian 12 prints
 * HTB classes only as text (its {@code -j} output omits them), so this reads the text.
 *
 * @param minor the class number after {@code 1:}
 * @param rateKbps the guaranteed rate
 * @param ceilKbps the most the class may borrow up to
 * @param bytesSent bytes the class has sent since it was created, link-layer headers included
 * @param packetsSent packets the class has sent since it was created
 */
public record ClassReport(int minor, long rateKbps, long ceilKbps, long bytesSent, long packetsSent) {
    private static final Pattern CLASS_LINE =
            Pattern.compile("^class htb 1:([0-9a-f]+) .*?\\brate (\\S+) ceil (\\S+)");
    private static final Pattern SENT_LINE = Pattern.compile("^\\s*Sent (\\d+) bytes (\\d+) pkt");
    private static final Pattern RATE = Pattern.compile("(\\d+)([KMGT]?)bit");

    /** Reads every HTB class of major 1 in the output of {@code tc [-s] class show dev X}. */
    public static Map<Integer, ClassReport> parse(String text) {
        Map<Integer, ClassReport> classes = new HashMap<>();
        ClassReport current = null;
        for (String line : text.split("\n")) {
            Matcher classLine = CLASS_LINE.matcher(line);
            if (classLine.find()) {
                current = new ClassReport(Integer.parseInt(classLine.group(1), 16),
                        kilobits(classLine.group(2)), kilobits(classLine.group(3)), 0, 0);
                classes.put(current.minor(), current);
                continue;
            }
            Matcher sentLine = SENT_LINE.matcher(line);
            if (current != null && sentLine.find()) {
                current = new ClassReport(current.minor(), current.rateKbps(), current.ceilKbps(),
                        Long.parseLong(sentLine.group(1)), Long.parseLong(sentLine.group(2)));
                classes.put(current.minor(), current);
            }
        }
        return classes;
    }

    /** tc prints rates as a whole number of bit, Kbit, Mbit, ... (powers of 1000). */
    public static long kilobits(String rate) {
        Matcher matcher = RATE.matcher(rate);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + rate + "' is not a rate as tc prints it");
        }
        long value = Long.parseLong(matcher.group(1));
        long bits = switch (matcher.group(2).toUpperCase(Locale.ROOT)) {
            case "" -> value;
            case "K" -> value * 1_000L;
            case "M" -> value * 1_000_000L;
            case "G" -> value * 1_000_000_000L;
            default -> value * 1_000_000_000_000L;
        };
        return bits / 1000;
    }
}
