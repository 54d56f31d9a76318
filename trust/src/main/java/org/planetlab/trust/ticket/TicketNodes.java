package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Names;

/** Where a ticket may be redeemed: any node that trusts the issuing slice authority, or listed nodes. */
public sealed interface TicketNodes {
    boolean covers(String hostname);

    /** Any node whose owner trusts the issuing slice authority. */
    record AnyNode() implements TicketNodes {
        @Override
        public boolean covers(String hostname) {
            return true;
        }
    }

    /** Only the nodes with these DNS names. */
    record Listed(SortedSet<String> hostnames) implements TicketNodes {
        public Listed {
            requireNonNull(hostnames, "hostnames is null");
            TreeSet<String> normalized = new TreeSet<>();
            for (String hostname : hostnames) {
                normalized.add(Names.hostname(hostname));
            }
            if (normalized.isEmpty()) {
                throw PlanetLabException.invalidArgument("a ticket must name at least one node, or any node");
            }
            hostnames = Collections.unmodifiableSortedSet(normalized);
        }

        @Override
        public boolean covers(String hostname) {
            return hostnames.contains(Names.hostname(hostname));
        }
    }
}
