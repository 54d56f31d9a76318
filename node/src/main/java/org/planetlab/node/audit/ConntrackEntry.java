package org.planetlab.node.audit;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;

/**
 * One connection as {@code conntrack -o extended,id[,timestamp]} prints it, in a listing
 * ({@code -L}) or as an event ({@code -E}): the original direction (as the first packet went),
 * the reply direction (as answers come back, after address translation) and the counters of each
 * since they were last zeroed.
 *
 * @param id the kernel's id of the connection
 * @param protocol the IP protocol number
 * @param state the TCP state, empty for other protocols
 * @param original the first packet's addresses and ports
 * @param reply the answers' addresses and ports
 * @param packetsOriginal packets in the original direction
 * @param bytesOriginal bytes in the original direction
 * @param packetsReply packets in the reply direction
 * @param bytesReply bytes in the reply direction
 * @param mark the connection's mark (0 when none)
 * @param ageSeconds seconds since the connection began ({@code delta-time}), -1 when not printed
 * @param eventMillis when the event happened, 0 for a listing
 * @param destroyed whether this is the connection's end
 */
public record ConntrackEntry(long id, int protocol, String state, Tuple original, Tuple reply, long packetsOriginal,
        long bytesOriginal, long packetsReply, long bytesReply, int mark, long ageSeconds, long eventMillis, boolean destroyed) {

    /** Addresses and ports of one direction; for ICMP the ports are {@code type * 256 + code} and the echo id. */
    public record Tuple(String source, String destination, int sourcePort, int destinationPort) {
        public Tuple {
            requireNonNull(source, "source is null");
            requireNonNull(destination, "destination is null");
        }
    }

    public ConntrackEntry {
        requireNonNull(state, "state is null");
        requireNonNull(original, "original is null");
        requireNonNull(reply, "reply is null");
    }

    /** Whether the line is one this parser reads (IPv4 with both tuples and an id). */
    public static ConntrackEntry parse(String line) {
        String[] words = line.strip().split("\\s+");
        int at = 0;
        long eventMillis = 0;
        boolean destroyed = false;
        while (at < words.length && words[at].startsWith("[")) {
            String word = words[at++];
            if (word.equals("[DESTROY]")) {
                destroyed = true;
            } else if (word.length() > 2 && Character.isDigit(word.charAt(1))) {
                eventMillis = Math.round(Double.parseDouble(word.substring(1, word.length() - 1)) * 1000);
            }
        }
        if (words.length - at < 6 || !words[at].equals("ipv4")) {
            throw new IllegalArgumentException("not an IPv4 conntrack line: " + line);
        }
        int protocol = Integer.parseInt(words[at + 3]);
        at += 4;
        String state = "";
        Map<String, String>[] tuples = tupleMaps();
        Map<String, String> global = new HashMap<>();
        int tuple = -1;
        for (; at < words.length; at++) {
            String word = words[at];
            int equals = word.indexOf('=');
            if (equals < 0) {
                if (tuple < 0 && Character.isUpperCase(word.charAt(0)) && !word.startsWith("[")) {
                    state = word;
                }
                continue;
            }
            String key = word.substring(0, equals);
            String value = word.substring(equals + 1);
            if (key.equals("src")) {
                tuple = Math.min(tuple + 1, 1);
            }
            boolean tupleKey = switch (key) {
                case "src", "dst", "sport", "dport", "type", "code", "packets", "bytes" -> true;
                case "id" -> protocol == 1 && tuple >= 0 && !tuples[tuple].containsKey("id") && !global.containsKey("mark");
                default -> false;
            };
            if (tupleKey && tuple >= 0) {
                tuples[tuple].put(key, value);
            } else {
                global.put(key, value);
            }
        }
        if (tuple != 1 || !global.containsKey("id")) {
            throw new IllegalArgumentException("a conntrack line without both directions and an id: " + line);
        }
        return new ConntrackEntry(Long.parseUnsignedLong(global.get("id")), protocol, state, tuple(tuples[0], protocol),
                tuple(tuples[1], protocol), number(tuples[0], "packets"), number(tuples[0], "bytes"),
                number(tuples[1], "packets"), number(tuples[1], "bytes"),
                (int) Long.parseLong(global.getOrDefault("mark", "0")),
                Long.parseLong(global.getOrDefault("delta-time", "-1")), eventMillis, destroyed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String>[] tupleMaps() {
        return new Map[] {new HashMap<String, String>(), new HashMap<String, String>()};
    }

    private static Tuple tuple(Map<String, String> words, int protocol) {
        if (protocol == 1) {
            int typeAndCode = (int) number(words, "type") * 256 + (int) number(words, "code");
            return new Tuple(words.getOrDefault("src", ""), words.getOrDefault("dst", ""), 0, typeAndCode);
        }
        return new Tuple(words.getOrDefault("src", ""), words.getOrDefault("dst", ""), (int) number(words, "sport"),
                (int) number(words, "dport"));
    }

    private static long number(Map<String, String> words, String key) {
        String value = words.get(key);
        return value == null ? 0 : Long.parseLong(value);
    }
}
