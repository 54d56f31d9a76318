package org.planetlab.am.registry;

import java.util.List;
import java.util.Optional;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.am.urn.Urn;

/**
 * The names SFA clients give the registry: a URN, or a hierarchical name (hrn) with a record type
 * beside it ({@code plc.princeton.alice} and {@code user}). An authority's hrn
 * ({@code plc.princeton}) is the URN {@code urn:publicid:IDN+plc:princeton+authority+sa}, as SFA
 * names authorities. What is neither is BADARGS, checked as strictly as URNs are.
 */
final class Xrn {
    static final List<String> RECORD_TYPES = List.of("user", "slice", "authority");

    private Xrn() {
    }

    /**
     * The URN {@code xrn} names; {@code type} (empty or {@code null} for none) must agree with a
     * URN's and is needed for an hrn, as the hrn alone does not say what it names.
     */
    static Urn parse(String xrn, Optional<String> type) {
        if (xrn == null || xrn.isBlank()) {
            throw GeniException.badArgs("a name (hrn or URN) is missing");
        }
        Optional<String> wanted = type.filter(text -> !text.isBlank());
        wanted.ifPresent(Xrn::requireRecordType);
        if (xrn.regionMatches(true, 0, Urn.PREFIX, 0, Urn.PREFIX.length())) {
            Urn urn = Urn.parse(xrn);
            requireRecordType(urn.type());
            if (wanted.isPresent() && !wanted.get().equals(urn.type())) {
                throw GeniException.badArgs(urn + " names a " + urn.type() + ", not a " + wanted.get());
            }
            return urn;
        }
        if (wanted.isEmpty()) {
            throw GeniException.badArgs("\"" + shown(xrn) + "\" is an hrn; give its type (user, slice or authority) or its URN");
        }
        if (xrn.length() > Urn.MAX_LENGTH || !xrn.matches("[A-Za-z0-9_.-]+") || xrn.contains("..") || xrn.endsWith(".")) {
            throw GeniException.badArgs("\"" + shown(xrn) + "\" is not an hrn such as plc.princeton.alice: names of letters,"
                    + " digits, '_' and '-' joined by '.'");
        }
        int last = xrn.lastIndexOf('.');
        if (wanted.get().equals("authority")) {
            return new Urn(xrn.replace('.', ':').toLowerCase(java.util.Locale.ROOT), "authority", "sa");
        }
        if (last <= 0) {
            throw GeniException.badArgs("hrn \"" + shown(xrn) + "\" names no authority; a " + wanted.get()
                    + " is <authority>.<site>.<name>, such as plc.princeton.alice");
        }
        return new Urn(xrn.substring(0, last).replace('.', ':').toLowerCase(java.util.Locale.ROOT), wanted.get(), xrn.substring(last + 1));
    }

    /** The hrn of a URN: {@code plc.princeton.alice}, or {@code plc.princeton} for an authority. */
    static String hrn(Urn urn) {
        return urn.type().equals("authority") ? urn.authority().replace(':', '.') : NameMapping.hierarchicalName(urn);
    }

    private static void requireRecordType(String type) {
        if (!RECORD_TYPES.contains(type)) {
            throw GeniException.badArgs("record type \"" + shown(type) + "\" is not one of " + RECORD_TYPES
                    + "; this registry keeps users, slices and authorities");
        }
    }

    private static String shown(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
