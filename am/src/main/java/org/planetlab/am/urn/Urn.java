package org.planetlab.am.urn;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.planetlab.am.geni.GeniException;

/**
 * A GENI URN, {@code urn:publicid:IDN+<authority>+<type>+<name>}, where the authority is a path of
 * names separated by ':' ({@code plc:princeton}). Only the characters PLC's own names use are
 * accepted: lowercase authority parts, a known type, and a name of letters, digits, '.', '_' and
 * '-'. Anything else (escapes, spaces, quotes, markup, control or non-ASCII characters, empty or
 * extra parts) is refused before it reaches a lookup, with the part that was wrong named.
 *
 * @param authority the authority path, e.g. {@code plc:princeton}
 * @param type one of {@link #TYPES}
 * @param name the object's name within the authority
 */
public record Urn(String authority, String type, String name) {
    public static final String PREFIX = "urn:publicid:IDN+";
    public static final Set<String> TYPES = Set.of("authority", "slice", "user", "node", "sliver", "interface", "link");
    public static final int MAX_LENGTH = 255;
    private static final Pattern AUTHORITY_PART = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,126})?");

    public Urn {
        requireNonNull(authority, "authority is null");
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
        for (String part : authority.split(":", -1)) {
            if (!AUTHORITY_PART.matcher(part).matches()) {
                throw GeniException.badArgs("URN authority \"" + shown(authority)
                        + "\": each ':'-separated part is 1-63 of a-z, 0-9 and '-', such as plc:princeton");
            }
        }
        if (!TYPES.contains(type)) {
            throw GeniException.badArgs("URN type \"" + shown(type) + "\" is not one of " + TYPES.stream().sorted().toList());
        }
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw GeniException.badArgs("URN name \"" + shown(name)
                    + "\": 1-127 of letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
    }

    /** Parses {@code text}, refusing anything but the form above. */
    public static Urn parse(String text) {
        if (text == null) {
            throw GeniException.badArgs("a URN is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw GeniException.badArgs("URN \"" + shown(text) + "\" is longer than " + MAX_LENGTH + " characters");
        }
        if (!text.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw GeniException.badArgs("\"" + shown(text) + "\" is not a GENI URN; expected " + PREFIX
                    + "<authority>+<type>+<name>, e.g. urn:publicid:IDN+plc:princeton+slice+codeen");
        }
        List<String> parts = Arrays.asList(text.substring(PREFIX.length()).split("\\+", -1));
        if (parts.size() != 3) {
            throw GeniException.badArgs("URN \"" + shown(text) + "\" has " + parts.size()
                    + " '+'-separated parts after " + PREFIX + "; expected <authority>+<type>+<name>");
        }
        return new Urn(parts.get(0), parts.get(1), parts.get(2));
    }

    /** Parses {@code text} and requires its type. */
    public static Urn parse(String text, String expectedType) {
        Urn urn = parse(text);
        if (!urn.type.equals(expectedType)) {
            throw GeniException.badArgs("URN " + urn + " names a " + urn.type + "; a " + expectedType + " URN is needed here");
        }
        return urn;
    }

    /** The authority's parts: {@code [plc, princeton]}. */
    public List<String> authorityPath() {
        return List.of(authority.split(":"));
    }

    /** Whether this URN's authority is {@code other} or lies under it. */
    public boolean isUnder(String otherAuthority) {
        return authority.equals(otherAuthority) || authority.startsWith(otherAuthority + ":");
    }

    @Override
    public String toString() {
        return PREFIX + authority + "+" + type + "+" + name;
    }

    /** A value as it may be shown in a message: short, and without control characters. */
    static String shown(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder out = new StringBuilder();
        cut.codePoints().forEach(point -> {
            if (point < 0x20 || point == 0x7f || point > 0x7e) {
                out.append(String.format("\\u%04x", point));
            } else {
                out.appendCodePoint(point);
            }
        });
        return out.toString();
    }
}
