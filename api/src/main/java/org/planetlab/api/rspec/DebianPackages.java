package org.planetlab.api.rspec;

import static java.util.Objects.requireNonNull;

import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;

/**
 * The value of the {@code packages} attribute: Debian package names separated by commas or
 * spaces. A name follows Debian Policy §5.6.1 and nothing more (lower-case letters, digits, '+',
 * '-' and '.', at least two characters, starting with a letter or digit), so no entry can be an
 * option such as {@code -o}, a version, a path or anything a shell or apt would read as more
 * than a name. The node passes each name to apt as one argument.
 */
public final class DebianPackages {
    /** Longer names exist in Debian only as oddities; a longer entry is a mistake or an attack. */
    public static final int MAX_NAME = 100;
    /** A sliver's own packages, not a distribution: more is a mistake. */
    public static final int MAX_PACKAGES = 64;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern SEPARATOR = Pattern.compile("[,\\s]+");

    private DebianPackages() {}

    /**
     * The distinct names of {@code value}, sorted; refuses the first bad entry, naming it.
     *
     * @param attribute the attribute's name, for messages
     */
    public static SortedSet<String> parse(String attribute, String value) {
        requireNonNull(attribute, "attribute is null");
        requireNonNull(value, "value is null");
        SortedSet<String> names = new TreeSet<>();
        if (value.length() > MAX_PACKAGES * (MAX_NAME + 2)) {
            throw invalid(attribute, "is " + value.length() + " characters long; list at most " + MAX_PACKAGES
                    + " package names of at most " + MAX_NAME + " characters");
        }
        for (String entry : SEPARATOR.split(value.strip())) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.length() > MAX_NAME) {
                throw invalid(attribute, "entry \"" + shown(entry) + "\" is " + entry.length() + " characters long; a package"
                        + " name has at most " + MAX_NAME);
            }
            if (!NAME.matcher(entry).matches()) {
                throw invalid(attribute, "entry \"" + shown(entry) + "\" is not a Debian package name (lower-case letters,"
                        + " digits, '+', '-' and '.', at least two characters, starting with a letter or digit; no options,"
                        + " versions or paths)");
            }
            names.add(entry);
        }
        if (names.size() > MAX_PACKAGES) {
            throw invalid(attribute, "lists " + names.size() + " packages; at most " + MAX_PACKAGES);
        }
        return names;
    }

    private static String shown(String entry) {
        String cut = entry.length() > 40 ? entry.substring(0, 40) + "..." : entry;
        StringBuilder printable = new StringBuilder();
        cut.codePoints().forEach(c -> printable.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
        return printable.toString();
    }

    private static PlanetLabException invalid(String attribute, String rule) {
        return PlanetLabException.invalidArgument(attribute + " value is not valid: " + rule);
    }
}
