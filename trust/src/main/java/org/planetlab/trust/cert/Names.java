package org.planetlab.trust.cert;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;

/** Checks the names that appear in subjects, tickets and leases. */
public final class Names {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9.-]{1,253}");
    private static final Pattern SLICE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    private Names() {
    }

    /** A DNS host name (RFC 1123), returned in lower case. */
    public static String hostname(String value) {
        requireNonNull(value, "hostname is null");
        String name = value.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.length() > 253) {
            throw PlanetLabException.invalidArgument("host name \"" + shorten(value) + "\" must have 1 to 253 characters");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw PlanetLabException.invalidArgument("host name \"" + shorten(value)
                        + "\" is not valid: each dot-separated label must be 1 to 63 letters, digits or inner dashes");
            }
        }
        return name;
    }

    public static String email(String value) {
        requireNonNull(value, "email is null");
        if (!EMAIL.matcher(value).matches() || value.contains("..")) {
            throw PlanetLabException.invalidArgument("email \"" + shorten(value) + "\" is not a valid address");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** A slice or authority name: lower-case letters, digits, '_', '.', '-', at most 64. */
    public static String sliceName(String value, String what) {
        requireNonNull(value, what + " is null");
        if (!SLICE.matcher(value).matches()) {
            throw PlanetLabException.invalidArgument(what + " \"" + shorten(value)
                    + "\" is not valid: use 1 to 64 lower-case letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return value;
    }

    public static long nodeId(long value) {
        if (value <= 0) {
            throw PlanetLabException.invalidArgument("node id must be positive, got " + value);
        }
        return value;
    }

    public static long parseNodeId(String value, String what) {
        if (value == null || !value.matches("[1-9][0-9]{0,17}")) {
            throw PlanetLabException.invalidArgument(what + " must be a positive integer, found \"" + shorten(String.valueOf(value)) + "\"");
        }
        return Long.parseLong(value);
    }

    static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
