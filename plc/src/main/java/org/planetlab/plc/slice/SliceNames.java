package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.slice.SliceApi;

/**
 * Converts between a slice's PLCAPI name ({@code princeton_codeen}) and its hierarchical name
 * ({@code plc.princeton.codeen}) under this slice authority.
 */
public final class SliceNames {
    private final String authority;

    /** @param authority this slice authority's name, e.g. {@code plc} or {@code plc.japan} */
    public SliceNames(String authority) {
        this.authority = requireNonNull(authority, "authority is null");
    }

    public String authority() {
        return authority;
    }

    /** The PLCAPI form of a name given in either form. */
    public String plcapiName(String name) {
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
        String plcapi = name.substring(previous + 1, last) + "_" + name.substring(last + 1);
        SliceApi.SLICE_NAME.check(plcapi, "slice name");
        return plcapi;
    }

    /**
     * The PLCAPI name to look a name given in either form up by; a name of another authority (or
     * not a slice name at all) is returned as given, which matches no slice.
     */
    public String lookupName(String name) {
        try {
            return plcapiName(name);
        } catch (PlanetLabException e) {
            return name;
        }
    }

    /** The hierarchical form of a PLCAPI name. */
    public String hierarchicalName(String plcapiName) {
        int underscore = plcapiName.indexOf('_');
        return authority + "." + plcapiName.substring(0, underscore) + "." + plcapiName.substring(underscore + 1);
    }

    /** The login base a PLCAPI name starts with. */
    public static String loginBase(String plcapiName) {
        return plcapiName.substring(0, plcapiName.indexOf('_'));
    }
}
