package org.planetlab.node.audit.page;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.node.audit.FlowQuery;

/**
 * The page's query parameters, checked: {@code remote} (an IPv4 or IPv6 literal), either
 * {@code time} (one moment, searched {@link #AROUND} either side, since the asker's clock may be
 * off) or {@code from} and {@code to}, optional {@code port} and {@code protocol} (tcp, udp,
 * icmp or a number). Times are UTC, as {@code 2026-12-06T20:15:00Z}, {@code 2026-12-06 20:15}
 * or seconds since the epoch. Anything else is refused with a message saying what was wrong.
 */
record PageQuery(FlowQuery query, Map<String, String> parameters) {
    static final Duration AROUND = Duration.ofMinutes(10);
    static final int MOST_FLOWS = 500;
    private static final int LONGEST_VALUE = 64;
    private static final int LONGEST_QUERY = 1024;
    private static final Set<String> KNOWN = Set.of("remote", "time", "from", "to", "port", "protocol");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern DATE_TIME = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?Z?");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** Whether the raw query string asks anything (an empty form is just the page). */
    static boolean asks(String rawQuery) {
        return rawQuery != null && !rawQuery.isBlank();
    }

    /**
     * @param rawQuery the URL's query string (or a form body)
     * @param now the node's clock
     * @param retention how far back the node keeps flows
     */
    static PageQuery parse(String rawQuery, Instant now, Duration retention) {
        if (rawQuery == null || rawQuery.length() > LONGEST_QUERY) {
            throw new BadRequest("the query is longer than " + LONGEST_QUERY + " characters");
        }
        Map<String, String> values = decode(rawQuery);
        for (String name : values.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new BadRequest("unknown parameter '" + printable(name) + "'; the page takes remote, time (or from and to), port and protocol");
            }
        }
        String remote = values.get("remote");
        if (remote == null || remote.isBlank()) {
            throw new BadRequest("give the remote address: the address that received the traffic");
        }
        remote = remote.strip().toLowerCase(Locale.ROOT);
        if (!FlowRecord.isAddressLiteral(remote) || !parsesAsAddress(remote)) {
            throw new BadRequest("'" + printable(remote) + "' is not an IPv4 or IPv6 address, e.g. 192.0.2.7");
        }
        long from;
        long to;
        if (values.containsKey("time") && !values.get("time").isBlank()) {
            if (values.containsKey("from") || values.containsKey("to")) {
                throw new BadRequest("give either time or from and to, not both");
            }
            Instant time = instant("time", values.get("time"));
            from = time.minus(AROUND).toEpochMilli();
            to = time.plus(AROUND).toEpochMilli();
        } else if (values.containsKey("from") && values.containsKey("to")) {
            from = instant("from", values.get("from")).toEpochMilli();
            to = instant("to", values.get("to")).toEpochMilli();
        } else {
            throw new BadRequest("give the time the traffic was seen (time), or a range (from and to)");
        }
        if (to < from) {
            throw new BadRequest("the range ends before it starts");
        }
        Duration longest = retention.plus(AROUND.multipliedBy(2));
        if (to - from > longest.toMillis()) {
            throw new BadRequest("the range is longer than the " + retention.toDays() + " days this node keeps; narrow it");
        }
        if (from > now.plus(Duration.ofDays(1)).toEpochMilli()) {
            throw new BadRequest("the range is in the future (times are UTC)");
        }
        OptionalInt port = values.containsKey("port") && !values.get("port").isBlank() ? OptionalInt.of(port(values.get("port")))
                : OptionalInt.empty();
        OptionalInt protocol = values.containsKey("protocol") && !values.get("protocol").isBlank()
                ? OptionalInt.of(protocol(values.get("protocol"))) : OptionalInt.empty();
        return new PageQuery(new FlowQuery(remote, from, to, port, protocol, MOST_FLOWS), Map.copyOf(values));
    }

    private static Map<String, String> decode(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("the query is not correctly URL-encoded");
            }
            if (value.length() > LONGEST_VALUE) {
                throw new BadRequest("'" + printable(name) + "' is longer than " + LONGEST_VALUE + " characters");
            }
            if (values.put(name, value) != null) {
                throw new BadRequest("'" + printable(name) + "' is given twice");
            }
        }
        return values;
    }

    private static boolean parsesAsAddress(String text) {
        if (text.indexOf(':') < 0) {
            return true;
        }
        try {
            return java.net.InetAddress.ofLiteral(text) instanceof java.net.Inet6Address;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Instant instant(String name, String text) {
        String value = text.strip();
        Instant instant;
        try {
            if (DIGITS.matcher(value).matches()) {
                instant = Instant.ofEpochSecond(Long.parseLong(value));
            } else if (DATE_TIME.matcher(value).matches()) {
                String iso = value.replace(' ', 'T');
                iso = iso.endsWith("Z") ? iso.substring(0, iso.length() - 1) : iso;
                instant = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } else {
                throw new BadRequest(name + " '" + printable(value) + "' is not a time; write it as 2026-12-06 20:15 (UTC)");
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new BadRequest(name + " '" + printable(value) + "' is not a valid date and time");
        }
        if (instant.isBefore(EARLIEST)) {
            throw new BadRequest(name + " is before 2000; this node keeps only recent flows");
        }
        return instant;
    }

    private static int port(String text) {
        String value = text.strip();
        if (!DIGITS.matcher(value).matches() || value.length() > 5 || Integer.parseInt(value) > 65_535) {
            throw new BadRequest("port '" + printable(value) + "' is not a port number (0-65535)");
        }
        return Integer.parseInt(value);
    }

    private static int protocol(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "icmp" -> 1;
            default -> {
                if (!DIGITS.matcher(value).matches() || value.length() > 3 || Integer.parseInt(value) > 255) {
                    throw new BadRequest("protocol '" + printable(value) + "' is not tcp, udp, icmp or a protocol number (0-255)");
                }
                yield Integer.parseInt(value);
            }
        };
    }

    /** The value as it may be shown back: printable ASCII, cut short (the page escapes it too). */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(LONGEST_VALUE).forEach(c -> out.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : "?"));
        return out.toString();
    }
}
