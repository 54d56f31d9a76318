package org.planetlab.am.urn;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;

/**
 * Maps GENI URNs to PLC's names and back (Architecture §4.4): the slice
 * {@code urn:publicid:IDN+plc:princeton+slice+codeen} is the hierarchical name
 * {@code plc.princeton.codeen}, PLCAPI's {@code princeton_codeen}; the node
 * {@code urn:publicid:IDN+plc:princeton+node+planetlab1.cs.princeton.edu} is that host name at
 * site {@code princeton}; a sliver is {@code urn:publicid:IDN+plc+sliver+<slice_id>-<node_id>}.
 * A site's names are under the naming authority the site is under: PLC's own, or another of
 * this PLC's authorities an operator put it under ({@code urn:publicid:IDN+ple:inria+slice+demo}
 * is {@code inria_demo}). A slice of an authority its site is not under is refused.
 */
public final class NameMapping {
    /** Which naming authority a site is under, if not PLC's own. */
    @FunctionalInterface
    public interface SiteAuthorities {
        /** The dotted name of the authority the site {@code loginBase} is under; empty for PLC's own or no site. */
        Optional<String> of(String loginBase);

        /** Every site under PLC's own authority. */
        SiteAuthorities OWN_ONLY = loginBase -> Optional.empty();
    }

    private final String authority;
    private final SiteAuthorities siteAuthorities;

    /** @param sliceAuthority PLC's slice authority, e.g. {@code plc} (a dotted name becomes ':'-separated) */
    public NameMapping(String sliceAuthority) {
        this(sliceAuthority, SiteAuthorities.OWN_ONLY);
    }

    /**
     * @param sliceAuthority PLC's own slice authority, e.g. {@code plc}
     * @param siteAuthorities the authorities sites were moved under
     */
    public NameMapping(String sliceAuthority, SiteAuthorities siteAuthorities) {
        this.authority = requireNonNull(sliceAuthority, "sliceAuthority is null").replace('.', ':');
        this.siteAuthorities = requireNonNull(siteAuthorities, "siteAuthorities is null");
    }

    /** PLC's own authority as URNs spell it. */
    public String authority() {
        return authority;
    }

    /** This aggregate's own URN (its component manager). */
    public Urn aggregateUrn() {
        return new Urn(authority, "authority", "cm");
    }

    /** The slice authority's URN, the signer of PLC's slice credentials. */
    public Urn sliceAuthorityUrn() {
        return new Urn(authority, "authority", "sa");
    }

    /** The authority the site {@code loginBase} is under, as URNs spell it ({@code plc}, {@code ple}). */
    public String siteAuthority(String loginBase) {
        return siteAuthorities.of(loginBase).map(hrn -> hrn.replace('.', ':')).orElse(authority);
    }

    /** The PLCAPI name of a slice URN of this PLC: {@code <login_base>_<name>}. */
    public String plcapiSliceName(Urn slice) {
        List<String> path = sitePath(slice);
        if (!slice.name().matches("[A-Za-z0-9_]+")) {
            throw GeniException.badArgs("slice name \"" + slice.name() + "\" in " + slice
                    + ": PLC slice names are letters, digits and '_'");
        }
        String plcapi = path.getLast() + "_" + slice.name();
        if (plcapi.length() > org.planetlab.api.name.SliceNames.PLCAPI_MAX_LENGTH) {
            throw GeniException.badArgs("slice " + slice + " would be " + plcapi + ", longer than PLC's "
                    + org.planetlab.api.name.SliceNames.PLCAPI_MAX_LENGTH + "-character slice names");
        }
        return plcapi;
    }

    /** The hierarchical name of a URN: its authority path, then its name, joined by dots. */
    public static String hierarchicalName(Urn urn) {
        return String.join(".", urn.authorityPath()) + "." + urn.name();
    }

    /** The slice URN of a PLCAPI slice name. */
    public Urn sliceUrn(String plcapiName) {
        int underscore = plcapiName.indexOf('_');
        String loginBase = plcapiName.substring(0, underscore);
        return new Urn(siteAuthority(loginBase) + ":" + loginBase, "slice", plcapiName.substring(underscore + 1));
    }

    /** The login base of the site a slice or user URN of this PLC belongs to. */
    public String loginBase(Urn urn) {
        return sitePath(urn).getLast();
    }

    public Urn nodeUrn(String loginBase, String hostname) {
        return new Urn(siteAuthority(loginBase) + ":" + loginBase, "node", hostname.toLowerCase(java.util.Locale.ROOT));
    }

    /** The host name a node URN of this PLC names. */
    public String hostname(Urn node) {
        if (!node.type().equals("node")) {
            throw GeniException.badArgs(node + " is not a node URN");
        }
        if (!node.isUnder(authority) && !underItsSitesAuthority(node.authorityPath())) {
            throw new GeniException(GeniCode.SEARCHFAILED, "node " + node + " is not one of this aggregate's ("
                    + aggregateUrn() + "); ListResources shows its nodes");
        }
        return node.name();
    }

    public Urn sliverUrn(long sliceId, long nodeId) {
        return new Urn(authority, "sliver", sliceId + "-" + nodeId);
    }

    /** The slice id a sliver URN of this aggregate carries, checked. */
    public long sliceIdOfSliver(Urn sliver) {
        String[] parts = sliver.name().split("-");
        if (!sliver.authority().equals(authority) || parts.length != 2 || !parts[0].matches("[0-9]{1,18}")
                || !parts[1].matches("[0-9]{1,18}")) {
            throw GeniException.searchFailed("sliver " + sliver + " was not made by this aggregate");
        }
        return Long.parseLong(parts[0]);
    }

    private List<String> sitePath(Urn urn) {
        List<String> path = urn.authorityPath();
        if (!underItsSitesAuthority(path)) {
            String loginBase = path.getLast();
            String expected = siteAuthority(loginBase);
            throw new GeniException(GeniCode.REFUSED, urn + " does not belong to a site of this PLC's authorities"
                    + " (expected " + Urn.PREFIX + expected + ":" + loginBase + "+" + urn.type() + "+<name>, site "
                    + loginBase + " being named under " + expected + "); slices of other authorities are not served here");
        }
        return path;
    }

    /**
     * Whether {@code urn}'s authority is a site's login base under the authority that site is
     * named under ({@code plc:princeton}, or {@code ple:inria} for a site moved under {@code ple}).
     */
    public boolean namesASite(Urn urn) {
        return underItsSitesAuthority(urn.authorityPath());
    }

    /** Whether {@code path} is a site's login base under the authority that site is named under. */
    private boolean underItsSitesAuthority(List<String> path) {
        if (path.size() < 2) {
            return false;
        }
        List<String> expected = List.of(siteAuthority(path.getLast()).split(":"));
        return path.size() == expected.size() + 1 && path.subList(0, expected.size()).equals(expected);
    }
}
