package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.naming.NamingAuthorities;
import org.planetlab.plc.store.Database;

/**
 * This PLC's side of the shared naming rules ({@link org.planetlab.api.name.SliceNames}):
 * converts between a slice's PLCAPI name ({@code princeton_codeen}) and its hierarchical name
 * ({@code plc.princeton.codeen}), whose authority is the one the slice's site is named under:
 * PLC's own ({@link #authority()}) unless an operator put the site under another
 * ({@code ple.inria.demo} is {@code inria_demo}). Login bases are unique across authorities, so
 * a PLCAPI name alone says which slice it is.
 */
public final class SliceNames {
    private final String authority;
    private final Database database;

    /**
     * @param authority PLC's own slice authority, e.g. {@code plc} or {@code plc.japan}
     * @param database where sites' naming authorities are read
     */
    public SliceNames(String authority, Database database) {
        this.authority = requireNonNull(authority, "authority is null");
        this.database = requireNonNull(database, "database is null");
    }

    /** PLC's own authority, the one sites are under unless moved. */
    public String authority() {
        return authority;
    }

    /**
     * The PLCAPI form of a name given in either form; a hierarchical name must name the authority
     * its site is under.
     *
     * @throws PlanetLabException {@code INVALID_ARGUMENT} for a malformed name, {@code NOT_FOUND}
     *     for a slice of an authority its site is not under
     */
    public String plcapiName(String name) {
        if (!name.contains(".")) {
            return name;
        }
        int last = name.lastIndexOf('.');
        int previous = name.lastIndexOf('.', last - 1);
        if (previous <= 0) {
            throw PlanetLabException.invalidArgument("slice name \"" + name + "\": a hierarchical name has the form"
                    + " <authority>.<login_base>.<name>");
        }
        String loginBase = name.substring(previous + 1, last);
        // One read, in the caller's transaction when there is one (Jdbi hands a nested call the
        // thread's open handle), so a name is judged by the state the rest of the call sees.
        String siteAuthority = database.jdbi().withHandle(handle -> authorityOfSite(handle, loginBase));
        if (!name.substring(0, previous).equals(siteAuthority)) {
            throw PlanetLabException.notFound("no slice " + name + ": it belongs to the slice authority \""
                    + name.substring(0, previous) + "\", but the slices of site " + loginBase
                    + " are named under the authority " + siteAuthority + " (" + siteAuthority + "." + loginBase
                    + ".<name>)");
        }
        return org.planetlab.api.name.SliceNames.plcapiName(siteAuthority, name);
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

    /** The hierarchical form of a PLCAPI name, under its site's authority as {@code handle} sees it. */
    public String hierarchicalName(Handle handle, String plcapiName) {
        return org.planetlab.api.name.SliceNames.hierarchicalName(authorityOfSite(handle, loginBase(plcapiName)),
                plcapiName);
    }

    /** The authority the site {@code loginBase} is named under: PLC's own unless it was moved. */
    public String authorityOfSite(Handle handle, String loginBase) {
        Optional<String> moved = NamingAuthorities.ofSite(handle, loginBase);
        return moved.orElse(authority);
    }

    /** The login base a PLCAPI name starts with. */
    public static String loginBase(String plcapiName) {
        return org.planetlab.api.name.SliceNames.loginBase(plcapiName);
    }
}
