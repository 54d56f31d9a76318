package org.planetlab.api.name;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;

/**
 * The naming rules PLC and nodes share (Architecture §4.7): a slice's PLCAPI name
 * {@code <login_base>_<name>} (also its sliver's name and Unix login on nodes), its hierarchical
 * name {@code <authority>.<login_base>.<name>}, and the characters a node accepts in a sliver
 * name, since sliver names become host names and file names.
 *
 * <p>An authority may name slices of authorities under it: under {@code plc},
 * {@code plc.japan.utokyo.ubiq} is the sliver {@code japan.utokyo_ubiq}; PLC itself names only its
 * own slices ({@link #plcapiName}).
 */
public final class SliceNames {
    /** The owner VM (Architecture §4.2). */
    public static final String OWNER_VM = "site_admin";
    /** A PLCAPI slice name: login base, '_', name. */
    public static final String PLCAPI_PATTERN = "[a-z0-9]+_[A-Za-z0-9_]+";
    public static final String PLCAPI_RULE = "<login_base>_<name>, at most 32 characters, letters, digits and '_'";
    public static final int PLCAPI_MAX_LENGTH = 32;
    /** A hierarchical slice name: authority (dotted), login base, name. */
    public static final String HIERARCHICAL_PATTERN = "[a-z0-9]+(\\.[a-z0-9]+)+\\.[A-Za-z0-9_]+";
    public static final String HIERARCHICAL_RULE = "<authority>.<login_base>.<name>, e.g. plc.princeton.codeen";
    public static final int HIERARCHICAL_MAX_LENGTH = 64;

    private static final Pattern PLCAPI = Pattern.compile(PLCAPI_PATTERN);
    private static final Pattern SLIVER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private SliceNames() {}

    /** A sliver (VM) name as a node accepts it: 1-63 of a-z, 0-9, '.', '_', '-', no "..". */
    public static String checkSliverName(String name) {
        if (name == null || !SLIVER.matcher(name).matches() || name.contains("..")) {
            String shown = name == null ? "null" : name.length() > 40 ? name.substring(0, 40) + "..." : name;
            throw PlanetLabException.invalidArgument("slice name '" + shown
                    + "' must be 1-63 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        return name;
    }

    /** A PLCAPI name, checked. */
    public static String checkPlcapiName(String name) {
        if (name == null || name.length() > PLCAPI_MAX_LENGTH || !PLCAPI.matcher(name).matches()) {
            String shown = name == null ? "null" : name.length() > 40 ? name.substring(0, 40) + "..." : name;
            throw PlanetLabException.invalidArgument("slice name \"" + shown + "\" must be " + PLCAPI_RULE);
        }
        return name;
    }

    /** The login base a PLCAPI name starts with. */
    public static String loginBase(String plcapiName) {
        return plcapiName.substring(0, plcapiName.indexOf('_'));
    }

    /** The hierarchical form of a PLCAPI name under {@code authority}. */
    public static String hierarchicalName(String authority, String plcapiName) {
        int underscore = plcapiName.indexOf('_');
        return authority + "." + plcapiName.substring(0, underscore) + "." + plcapiName.substring(underscore + 1);
    }

    /**
     * The PLCAPI name of a name given in either form, for the authority {@code authority} itself;
     * a PLCAPI name is returned as given.
     *
     * @throws PlanetLabException {@code INVALID_ARGUMENT} for a malformed hierarchical name,
     *     {@code NOT_FOUND} for a slice of another authority
     */
    public static String plcapiName(String authority, String name) {
        if (!name.contains(".")) {
            return name;
        }
        int last = name.lastIndexOf('.');
        int previous = name.lastIndexOf('.', last - 1);
        if (previous < 0) {
            throw PlanetLabException.invalidArgument("slice name \"" + name + "\": a hierarchical name has the form"
                    + " <authority>.<login_base>.<name>");
        }
        String prefix = name.substring(0, previous);
        if (!prefix.equals(authority)) {
            throw PlanetLabException.notFound("slice " + name + " belongs to the slice authority \"" + prefix
                    + "\", not to this one (\"" + authority + "\")");
        }
        return checkPlcapiName(name.substring(previous + 1, last) + "_" + name.substring(last + 1));
    }

    /**
     * A node's sliver name for a slice that {@code authority} (or an authority under it) names
     * hierarchically: {@code plc.princeton.codeen} under {@code plc} is {@code princeton_codeen};
     * empty if the slice is not under {@code authority}.
     */
    public static Optional<String> sliverName(String authority, String hierarchicalName) {
        requireNonNull(authority, "authority is null");
        String prefix = authority + ".";
        if (hierarchicalName == null || !hierarchicalName.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = hierarchicalName.substring(prefix.length());
        int last = rest.lastIndexOf('.');
        if (last <= 0 || last == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(rest.substring(0, last) + "_" + rest.substring(last + 1));
    }
}
