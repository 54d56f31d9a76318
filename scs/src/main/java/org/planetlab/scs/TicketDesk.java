package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.nodemanager.NodeManagerOperations;
import org.planetlab.api.nodemanager.NodeManagerRequests;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.ticket.Ticket;
import org.planetlab.trust.ticket.TicketPrincipal;
import org.planetlab.trust.ticket.TicketVerifier;
import org.planetlab.trust.ticket.VerifiedTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delegated path (Architecture §4.7 second way, §5.3; 2003 §4.2.3, Figure 2): a user presents
 * a ticket a slice authority signed, and the SSH keys to install; the sliver is created at once
 * and the node answers a lease signed with its key. A ticket is accepted only if it verifies
 * against the trust roots, was signed with the key of the authority certificate the node's owner
 * put in the pool, is valid now, names this node (or any node), and names a slice under that
 * authority (for the node's own PLC, also under the other naming authorities its last view named); the sliver's resources come out of that authority's pool. It is not a bearer right:
 * the presenter must prove to hold an SSH key the ticket names ({@link Possession}), so a copied
 * ticket file alone redeems nothing; the lease names the principal the presenter chose among the
 * ticket's persons.
 *
 * <p>A newer ticket for a leased sliver renews the lease (to the new ticket's end) and replaces
 * its keys; releasing destroys the sliver; a lease that ends destroys it too. A slice its
 * authority's view names as stopped has its tickets refused, whenever they were issued (the
 * converger stops its leased slivers); once started again, a ticket of it starts them. On a
 * reservable node a sliver made from a ticket is held stopped unless its slice holds the current
 * lease, as the converger holds the others. Not thread-safe:
 * runs on the service's action thread.
 */
final class TicketDesk {
    private static final Logger LOG = LoggerFactory.getLogger(TicketDesk.class);

    private final TicketVerifier verifier;
    private final List<SliceAuthority> authorities;
    private final NodeManagerLink nodeManager;
    private final SliverAllocator allocator;
    private final ScsRecords records;
    private final NodeSubject node;
    private final String address;
    private final Possession possession;
    private final Clock clock;
    private final LeasedRun leasedRun;
    private final java.util.function.Function<String, List<String>> namingAuthorities;

    /** Whether a sliver made from a ticket may run now, by the node's reservations. */
    @FunctionalInterface
    interface LeasedRun {
        boolean mayRun(String authority, String sliverName, String hierarchicalName);
    }

    TicketDesk(TicketVerifier verifier, List<SliceAuthority> authorities, NodeManagerLink nodeManager, SliverAllocator allocator,
            ScsRecords records, NodeSubject node, String address, Possession possession, Clock clock, LeasedRun leasedRun,
            java.util.function.Function<String, List<String>> namingAuthorities) {
        this.verifier = requireNonNull(verifier, "verifier is null");
        this.authorities = List.copyOf(authorities);
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.records = requireNonNull(records, "records is null");
        this.node = requireNonNull(node, "node is null");
        this.address = requireNonNull(address, "address is null");
        this.possession = requireNonNull(possession, "possession is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.leasedRun = requireNonNull(leasedRun, "leasedRun is null");
        this.namingAuthorities = requireNonNull(namingAuthorities, "namingAuthorities is null");
    }

    /** A ticket that passed every check, with where its sliver lives. */
    private record Accepted(Ticket ticket, SliceAuthority authority, String sliverName) {}

    /**
     * Redeems (or, for a leased sliver, renews with) a ticket; answers the lease. {@code method}
     * is the call the proof was signed for ({@code RedeemTicket} or {@code RenewLease}).
     */
    Map<String, Object> redeem(String method, String ticketXml, List<String> keys, Optional<String> principal, Optional<Possession.Proof> proof) {
        Accepted accepted = accept(ticketXml);
        Ticket ticket = accepted.ticket();
        List<String> checkedKeys = Rspec.EMPTY.withKeys(keys).keys();
        TicketPrincipal.Key holder = possession.check(method, ticket, keys, proof);
        if (records.stops(accepted.authority().name()).stops(ticket.sliceName())) {
            throw PlanetLabException.permissionDenied("slice " + ticket.sliceName() + " is stopped at its slice authority "
                    + accepted.authority().name() + "; no ticket of it is redeemed on " + node.hostname()
                    + " until the slice is started again");
        }
        String email = principal(ticket, principal);
        String name = accepted.sliverName();
        Optional<ScsRecords.Leased> existing = records.lease(name);
        Map<String, LocalVm> vms = LocalVm.list(nodeManager);
        Instant end = ticket.validity().notAfter();
        if (existing.isPresent()) {
            end = end.isAfter(existing.get().end()) ? end : existing.get().end();
            if (!checkedKeys.isEmpty()) {
                nodeManager.call(NodeManagerOperations.UPDATE_VM, new NodeManagerRequests.UpdateVm(name, Optional.of(checkedKeys), Optional.empty()));
            }
            if (vms.containsKey(name) && vms.get(name).stopped() && !vms.get(name).siteStopped()
                    && leasedRun.mayRun(accepted.authority().name(), name, ticket.sliceName())) {
                // Stopped while its slice was; the slice runs again, so a ticket of it starts the sliver.
                nodeManager.call(NodeManagerOperations.START_VM, new NodeManagerRequests.VmName(name));
                LOG.info("ticket {}: started leased sliver {} again", ticket.id(), name);
            }
        } else if (vms.containsKey(name)) {
            throw new PlanetLabException(ErrorCode.ALREADY_EXISTS, "slice " + ticket.sliceName() + " already has a sliver on "
                    + node.hostname() + ", created by its slice authority; it needs no ticket here");
        } else {
            long started = System.nanoTime();
            allocator.bind(accepted.authority().name(), name, resources(ticket), checkedKeys, 0);
            LOG.info("ticket {}: created sliver {} for the holder of {} in {} ms", ticket.id(), name, holder.fingerprint().value(),
                    (System.nanoTime() - started) / 1_000_000);
            if (!leasedRun.mayRun(accepted.authority().name(), name, ticket.sliceName())) {
                // The node is reserved for another slice now; the sliver starts when its slice's lease begins.
                nodeManager.call(NodeManagerOperations.STOP_VM, new NodeManagerRequests.VmName(name));
            }
        }
        Instant now = clock.instant();
        String lease = nodeManager.call(NodeManagerOperations.SIGN_LEASE, new NodeManagerRequests.Lease(name, ticket.id(),
                ticket.sliceName(), email, Instant.ofEpochSecond(now.getEpochSecond()), Instant.ofEpochSecond(end.getEpochSecond()))).lease();
        records.putLease(new ScsRecords.Leased(name, accepted.authority().name(), ticket.sliceName(), ticket.id(), email, end, lease));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("lease", lease);
        answer.put("sliver", name);
        answer.put("node", node.hostname());
        answer.put("address", address);
        answer.put("login", name + "@" + address);
        answer.put("end", end.getEpochSecond());
        answer.put("renewed", existing.isPresent());
        return answer;
    }

    /** A one-time challenge for the next call's proof of possession. */
    Map<String, Object> challenge() {
        return possession.challenge();
    }

    /** Releases the lease of the ticket's slice: its sliver is destroyed. */
    Map<String, Object> release(String ticketXml, Optional<Possession.Proof> proof) {
        Accepted accepted = accept(ticketXml);
        possession.check("ReleaseLease", accepted.ticket(), List.of(), proof);
        String name = accepted.sliverName();
        if (records.lease(name).isEmpty()) {
            throw PlanetLabException.notFound("slice " + accepted.ticket().sliceName() + " holds no lease on " + node.hostname());
        }
        destroyLeased(name, "released by the holder of ticket " + accepted.ticket().id());
        return Map.of("released", name);
    }

    /** Destroys the slivers whose lease has ended; returns the earliest end still ahead. */
    Optional<Instant> expire() {
        Instant now = clock.instant();
        for (ScsRecords.Leased lease : records.leases().values()) {
            if (!lease.end().isAfter(now)) {
                destroyLeased(lease.name(), "its lease ended at " + lease.end());
            }
        }
        return records.leases().values().stream().map(ScsRecords.Leased::end).min(Instant::compareTo);
    }

    private void destroyLeased(String name, String why) {
        try {
            nodeManager.call(NodeManagerOperations.DESTROY_VM, new NodeManagerRequests.VmName(name));
        } catch (PlanetLabException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        records.removeLease(name);
        LOG.info("destroyed leased sliver {}: {}", name, why);
    }

    private Accepted accept(String ticketXml) {
        VerifiedTicket verified = verifier.verify(requireNonNull(ticketXml, "ticket is null"));
        Ticket ticket = verified.ticket();
        SliceAuthority authority = authorities.stream().filter(candidate -> sliverName(candidate, ticket).isPresent())
                .max((one, other) -> Integer.compare(one.name().length(), other.name().length()))
                .orElseThrow(() -> PlanetLabException.permissionDenied("ticket " + ticket.id() + " is for slice " + ticket.sliceName()
                        + ", which is under no slice authority the owner of " + node.hostname() + " accepts"));
        PublicKey pinned = authority.ticketKey().orElseThrow(() -> PlanetLabException.permissionDenied("the owner of "
                + node.hostname() + " gave no certificate for slice authority " + authority.name() + "; it accepts no ticket of it"));
        if (!Arrays.equals(pinned.getEncoded(), verified.issuer().publicKey().getEncoded())) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, "ticket " + ticket.id() + " is signed by '"
                    + verified.issuer().displayName() + "', not by the slice authority " + authority.name()
                    + " whose certificate the owner of " + node.hostname() + " installed");
        }
        if (!ticket.nodes().covers(node.hostname())) {
            throw PlanetLabException.permissionDenied("ticket " + ticket.id() + " is not for this node (" + node.hostname()
                    + "); it may be redeemed on " + describe(ticket.nodes()));
        }
        return new Accepted(ticket, authority, sliverName(authority, ticket).orElseThrow());
    }

    /**
     * The sliver a ticket's slice is under {@code authority}: under its own name, or, for the
     * node's own PLC, under the other naming authorities its last view named ({@code ple.inria.demo}
     * is {@code inria_demo}), as its views' slices are.
     */
    private Optional<String> sliverName(SliceAuthority authority, Ticket ticket) {
        return authority.sliverName(ticket.sliceName(), namingAuthorities.apply(authority.name()));
    }

    private static String describe(org.planetlab.trust.ticket.TicketNodes nodes) {
        return nodes instanceof org.planetlab.trust.ticket.TicketNodes.Listed listed ? String.join(", ", listed.hostnames()) : "any node";
    }

    private static String principal(Ticket ticket, Optional<String> asked) {
        List<String> emails = ticket.principals().stream().filter(TicketPrincipal.Person.class::isInstance)
                .map(person -> ((TicketPrincipal.Person) person).email()).toList();
        if (asked.isPresent()) {
            String email = asked.get().toLowerCase(java.util.Locale.ROOT);
            if (!emails.contains(email)) {
                throw PlanetLabException.permissionDenied("ticket " + ticket.id() + " does not name " + asked.get());
            }
            return email;
        }
        if (emails.isEmpty()) {
            throw PlanetLabException.invalidArgument("ticket " + ticket.id() + " names no person to hold the lease");
        }
        return emails.getFirst();
    }

    private static Rspec resources(Ticket ticket) {
        Map<RspecAttribute, String> attributes = new LinkedHashMap<>();
        ticket.resources().forEach((name, value) -> RspecAttribute.lookup(name).ifPresent(attribute -> attributes.put(attribute, value)));
        return new Rspec(attributes, List.of(), "", "");
    }
}
