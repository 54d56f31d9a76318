package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.error.PlanetLabException;

/**
 * This slice authority's side of the shared naming rules ({@link org.planetlab.api.name.SliceNames}):
 * converts between a slice's PLCAPI name ({@code princeton_codeen}) and its hierarchical name
 * ({@code plc.princeton.codeen}) under this authority.
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
        return org.planetlab.api.name.SliceNames.plcapiName(authority, name);
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
        return org.planetlab.api.name.SliceNames.hierarchicalName(authority, plcapiName);
    }

    /** The login base a PLCAPI name starts with. */
    public static String loginBase(String plcapiName) {
        return org.planetlab.api.name.SliceNames.loginBase(plcapiName);
    }
}
