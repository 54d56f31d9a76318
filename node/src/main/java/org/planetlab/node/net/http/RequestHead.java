package org.planetlab.node.net.http;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The head of one HTTP/1.x request as the demux needs it: where it goes ({@code Host}, or the
 * authority of an absolute target) and how long its body is, read strictly (RFC 9112). What two
 * parties could read differently, and so smuggle a second request past the demux inside the
 * first, is refused: a {@code Content-Length} beside a {@code Transfer-Encoding}, differing
 * lengths, folded or malformed header lines, line ends other than CRLF, several {@code Host}s.
 *
 * @param host the host the request names, absent only for HTTP/1.0 without one
 * @param framing how the body is delimited
 * @param upgrade whether the request asks to switch protocols (after which the connection carries no more HTTP)
 */
record RequestHead(Optional<String> host, Framing framing, boolean upgrade) {
    /** How a request's body ends. */
    sealed interface Framing {
        /** A body of exactly this many bytes (0 for none). */
        record Length(long bytes) implements Framing {}

        /** A chunked body. */
        record Chunked() implements Framing {}
    }

    /** A request the demux refuses, with the status it answers and why. */
    static final class Refused extends Exception {
        private final int status;

        Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    RequestHead {
        requireNonNull(host, "host is null");
        requireNonNull(framing, "framing is null");
    }

    /** Parses {@code length} bytes of {@code buffer} from {@code offset}: a whole head ending in CRLF CRLF. */
    static RequestHead parse(byte[] buffer, int offset, int length) throws Refused {
        String text = new String(buffer, offset, length, StandardCharsets.ISO_8859_1);
        if (!text.endsWith("\r\n\r\n")) {
            throw new Refused(400, "the request head does not end with an empty line");
        }
        List<String> lines = lines(text.substring(0, text.length() - 4));
        String version = requestVersion(lines.getFirst());
        String target = lines.getFirst().substring(lines.getFirst().indexOf(' ') + 1, lines.getFirst().lastIndexOf(' '));
        List<String> hosts = new ArrayList<>();
        List<String> lengths = new ArrayList<>();
        List<String> encodings = new ArrayList<>();
        boolean upgrade = false;
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, 0, colon)) {
                throw new Refused(400, "malformed header line: " + printable(line));
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case "host" -> hosts.add(value);
                case "content-length" -> {
                    for (String element : value.split(",", -1)) {
                        lengths.add(element.strip());
                    }
                }
                case "transfer-encoding" -> encodings.add(value.toLowerCase(Locale.ROOT));
                case "upgrade" -> upgrade = true;
                default -> {
                    // passed on as it is
                }
            }
        }
        if (hosts.size() > 1) {
            throw new Refused(400, "more than one Host header");
        }
        if (hosts.isEmpty() && version.equals("HTTP/1.1")) {
            throw new Refused(400, "an HTTP/1.1 request without a Host header");
        }
        Optional<String> host = absoluteAuthority(target).or(() -> hosts.stream().findFirst());
        return new RequestHead(host, framing(version, lengths, encodings), upgrade);
    }

    private static List<String> lines(String head) throws Refused {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start <= head.length()) {
            int end = head.indexOf("\r\n", start);
            String line = end < 0 ? head.substring(start) : head.substring(start, end);
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new Refused(400, "a line of the request head ends without CRLF");
            }
            if (!lines.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"))) {
                throw new Refused(400, "a folded header line (obsolete line folding is not accepted)");
            }
            lines.add(line);
            if (end < 0) {
                break;
            }
            start = end + 2;
        }
        return lines;
    }

    private static String requestVersion(String requestLine) throws Refused {
        int first = requestLine.indexOf(' ');
        int last = requestLine.lastIndexOf(' ');
        if (first <= 0 || last <= first + 1 || !isToken(requestLine, 0, first)
                || requestLine.substring(first + 1, last).indexOf(' ') >= 0) {
            throw new Refused(400, "malformed request line: " + printable(requestLine));
        }
        String version = requestLine.substring(last + 1);
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new Refused(505, "only HTTP/1.0 and HTTP/1.1 are served here, not " + printable(version));
        }
        return version;
    }

    private static Framing framing(String version, List<String> lengths, List<String> encodings) throws Refused {
        if (!encodings.isEmpty()) {
            if (!lengths.isEmpty()) {
                throw new Refused(400, "both Content-Length and Transfer-Encoding");
            }
            if (version.equals("HTTP/1.0")) {
                throw new Refused(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (encodings.size() != 1 || !encodings.getFirst().equals("chunked")) {
                throw new Refused(501, "only Transfer-Encoding: chunked is accepted, not " + printable(String.join(", ", encodings)));
            }
            return new Framing.Chunked();
        }
        if (lengths.isEmpty()) {
            return new Framing.Length(0);
        }
        String length = lengths.getFirst();
        if (length.isEmpty() || length.length() > 18 || !length.chars().allMatch(c -> c >= '0' && c <= '9')
                || lengths.stream().anyMatch(other -> !other.equals(length))) {
            throw new Refused(400, "a Content-Length that is not one number: " + printable(String.join(",", lengths)));
        }
        return new Framing.Length(Long.parseLong(length));
    }

    /** The authority of an absolute-form target ({@code http://host/...}), which takes the place of Host (RFC 9112 3.2.2). */
    private static Optional<String> absoluteAuthority(String target) {
        if (!target.regionMatches(true, 0, "http://", 0, 7)) {
            return Optional.empty();
        }
        int end = target.indexOf('/', 7);
        String authority = end < 0 ? target.substring(7) : target.substring(7, end);
        int at = authority.lastIndexOf('@');
        return Optional.of(at < 0 ? authority : authority.substring(at + 1));
    }

    private static boolean isToken(String text, int from, int to) {
        for (int index = from; index < to; index++) {
            char c = text.charAt(index);
            boolean alphanumeric = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return to > from;
    }

    /** The text with anything but printable ASCII escaped and cut to a length fit for an answer. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int index = 0; index < text.length() && out.length() < 120; index++) {
            char c = text.charAt(index);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : "\\x%02x".formatted((int) c));
        }
        return out.toString();
    }
}
