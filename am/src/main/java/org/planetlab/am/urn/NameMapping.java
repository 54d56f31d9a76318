package org.planetlab.am.urn;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;

/**
 * Maps GENI URNs to PLC's names and back (Architecture §4.4): the slice
 * {@code urn:publicid:IDN+plc:princeton+slice+codeen} is the hierarchical name
 * {@code plc.princeton.codeen}, PLCAPI's {@code princeton_codeen}; the node
 * {@code urn:publicid:IDN+plc:princeton+node+planetlab1.cs.princeton.edu} is that host name at
 * site {@code princeton}; a sliver is {@code urn:publicid:IDN+plc+sliver+<slice_id>-<node_id>}.
 * Only PLC's own authority and its sites are served here: a slice of another authority is refused.
 */
public final class NameMapping {
    private final String authority;

    /** @param sliceAuthority PLC's slice authority, e.g. {@code plc} (a dotted name becomes ':'-separated) */
    public NameMapping(String sliceAuthority) {
        this.authority = requireNonNull(sliceAuthority, "sliceAuthority is null").replace('.', ':');
    }

    /** PLC's authority as URNs spell it. */
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

    /** The PLCAPI name of a slice URN of this PLC: {@code <login_base>_<name>}. */
    public String plcapiSliceName(Urn slice) {
        List<String> path = ownSitePath(slice);
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
        return new Urn(authority + ":" + plcapiName.substring(0, underscore), "slice", plcapiName.substring(underscore + 1));
    }

    /** The login base of the site a slice or user URN of this PLC belongs to. */
    public String loginBase(Urn urn) {
        return ownSitePath(urn).getLast();
    }

    public Urn nodeUrn(String loginBase, String hostname) {
        return new Urn(authority + ":" + loginBase, "node", hostname.toLowerCase(java.util.Locale.ROOT));
    }

    /** The host name a node URN of this PLC names. */
    public String hostname(Urn node) {
        if (!node.type().equals("node")) {
            throw GeniException.badArgs(node + " is not a node URN");
        }
        if (!node.isUnder(authority)) {
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

    private List<String> ownSitePath(Urn urn) {
        List<String> path = urn.authorityPath();
        List<String> own = List.of(authority.split(":"));
        if (path.size() != own.size() + 1 || !path.subList(0, own.size()).equals(own)) {
            throw new GeniException(GeniCode.REFUSED, urn + " does not belong to a site of this PLC's authority "
                    + authority + " (expected " + Urn.PREFIX + authority + ":<site>+" + urn.type() + "+<name>);"
                    + " slices of other authorities are not served here");
        }
        return path;
    }
}
