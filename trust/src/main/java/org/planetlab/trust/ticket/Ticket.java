package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.trust.cert.Names;
import org.planetlab.trust.cert.Validity;

/**
 * A slice's RSpec as granted by a slice authority (Architecture §4.7, §5.3): the right for its
 * principals to create the slice, with these resources, on these nodes, during this interval.
 *
 * @param id 128 random bits in hex, unique per ticket (see {@link #newId})
 * @param sliceName the slice, e.g. {@code princeton_codeen}
 * @param principals who may redeem it (at least one)
 * @param nodes where it may be redeemed
 * @param resources RSpec attribute name to value, checked and made canonical by {@link RspecAttribute}
 * @param validity when it may be redeemed
 */
public record Ticket(String id, String sliceName, List<TicketPrincipal> principals, TicketNodes nodes,
                     SortedMap<String, String> resources, Validity validity) {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final int MAX_PRINCIPALS = 1_000;

    public Ticket {
        requireNonNull(id, "id is null");
        if (!ID.matcher(id).matches()) {
            throw PlanetLabException.invalidArgument("ticket id must be 32 lowercase hex digits");
        }
        sliceName = Names.sliceName(sliceName, "slice name");
        requireNonNull(principals, "principals is null");
        if (principals.isEmpty() || principals.size() > MAX_PRINCIPALS) {
            throw PlanetLabException.invalidArgument("a ticket must name 1 to " + MAX_PRINCIPALS + " principals, found " + principals.size());
        }
        if (new LinkedHashSet<>(principals).size() != principals.size()) {
            throw PlanetLabException.invalidArgument("a ticket names the same principal twice");
        }
        principals = List.copyOf(principals);
        requireNonNull(nodes, "nodes is null");
        resources = canonical(requireNonNull(resources, "resources is null"));
        requireNonNull(validity, "validity is null");
    }

    /** A fresh ticket or lease id: 128 bits from the given CSPRNG, in hex. */
    public static String newId(SecureRandom random) {
        byte[] bytes = new byte[16];
        requireNonNull(random, "random is null").nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public boolean names(TicketPrincipal principal) {
        return principals.contains(principal);
    }

    private static SortedMap<String, String> canonical(Map<String, String> resources) {
        TreeMap<String, String> checked = new TreeMap<>();
        for (Map.Entry<String, String> entry : resources.entrySet()) {
            String name = requireNonNull(entry.getKey(), "resource name is null");
            RspecAttribute attribute = RspecAttribute.lookup(name).orElseThrow(() -> PlanetLabException.invalidArgument(
                    "unknown RSpec attribute \"" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "\" in ticket"));
            String value = attribute.canonical(requireNonNull(entry.getValue(), "value of " + name + " is null"));
            if (checked.put(attribute.attributeName(), value) != null) {
                throw PlanetLabException.invalidArgument("RSpec attribute " + attribute.attributeName() + " appears twice in ticket");
            }
        }
        return Collections.unmodifiableSortedMap(checked);
    }
}
