package org.planetlab.node.state;

import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;

/** Slice (and so VM) names: what the node accepts, since they become host names and file names. */
public final class SliceNames {
    /** The owner VM (Architecture §4.2). */
    public static final String OWNER_VM = "site_admin";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private SliceNames() {}

    public static String check(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            String shown = name == null ? "null" : name.length() > 40 ? name.substring(0, 40) + "..." : name;
            throw PlanetLabException.invalidArgument("slice name '" + shown
                    + "' must be 1-63 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        return name;
    }
}
