package org.planetlab.am.call;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.planetlab.am.geni.GeniCode;
import org.planetlab.am.geni.GeniException;
import org.planetlab.am.gid.Gid;
import org.planetlab.am.rspec.RequestRspec;
import org.planetlab.am.rspec.RspecDocument;
import org.planetlab.am.credential.VerifiedCredential;
import org.planetlab.am.sliver.AmSliver;
import org.planetlab.am.sliver.AmSlivers;
import org.planetlab.am.urn.NameMapping;
import org.planetlab.am.urn.Urn;
import org.planetlab.api.method.Role;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.api.slice.SliceApi;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.naming.AuthorityPolicies;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.person.PersonRef;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.NewSlice;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.slice.SliceService;
import org.planetlab.plc.slice.SliceUpdate;
import org.planetlab.plc.tag.TagTypeRef;

/**
 * The sliver calls of AM API v3 as changes of ordinary PLC slices, through PLC's services:
 * Allocate makes the slice (stopped) if it does not exist and records the slivers with the
 * attributes their request asks for; Provision adds the slice to their nodes, sets those
 * attributes as the slice's attributes on the nodes, and adds its users with their keys; the
 * operational actions start and stop the slice; Renew moves its expiry within PLC's limits;
 * Delete takes the slice off the nodes.
 * Changes run as the caller's PLC person acting as a PI of the slice's site (see
 * {@link #actingFor}), so PLC's rules for PIs apply (renewal limit, an operator's stop is final);
 * Shutdown runs as PLC, like an operator's stop.
 */
final class SliverOperations {
    /** How long an allocation that is not provisioned is held. */
    static final long ALLOCATION_SECONDS = 600;
    private static final String READ = "info";
    private static final String CHANGE = "refresh";
    private static final String CONTROL = "control";
    private static final String SHUTDOWN = "shutdown";
    /**
     * Slices made here are created stopped but instantiated by PLC: once Provision puts them on
     * nodes, the nodes make their slivers (stopped) and geni_start starts them.
     */
    private static final String INSTANTIATED = "plc-instantiated";

    private final Plc plc;
    private final NameMapping names;
    private final Resources resources;
    private final Clock clock;
    private final SliceTargets targets;

    SliverOperations(Plc plc, NameMapping names, Resources resources, Clock clock) {
        this.plc = plc;
        this.names = names;
        this.resources = resources;
        this.clock = clock;
        this.targets = new SliceTargets(plc, names, clock);
    }

    /** The slice a call is about and the slivers of it the call names. */

    Map<String, Object> allocate(String sliceText, CallerCredentials credentials, String rspecText, Map<String, Object> options,
            Gid caller) {
        Urn sliceUrn = Urn.parse(sliceText, "slice");
        String plcapiName = names.plcapiSliceName(sliceUrn);
        VerifiedCredential credential = credentials.granting(sliceUrn, CHANGE);
        RequestRspec request = RequestRspec.parse(rspecText);
        Optional<Reservations.Window> window = Reservations.requested(Reservations.withLeases(options, request, sliceUrn,
                plc.leases().granularity()), clock.instant(), credential.expires());
        request.nodes().forEach(node -> node.attributes().forEach(SliverOperations::checkAttribute));
        List<NodeDetails> nodes = request.nodes().stream().map(node -> resources.node(node.componentId())).toList();
        if (nodes.stream().map(NodeDetails::nodeId).distinct().count() != nodes.size()) {
            throw GeniException.badArgs("the request names a node twice; a slice has one sliver per node");
        }
        if (window.isPresent()) {
            Reservations.requireReservable(nodes);
        }
        SiteDetails site = site(sliceUrn);
        long sliceId = plc.mutations().run(actingFor(caller, site), "Allocate", List.of(sliceUrn.toString(), caller.urn().toString()), mutation -> {
            Optional<SliceDetails> existing = plc.slices().slice(mutation.db(), Caller.INTERNAL, SliceRef.of(plcapiName));
            long id = existing.map(SliceDetails::sliceId).orElseGet(() -> plc.slices().createSlice(mutation,
                    new NewSlice(plcapiName, Optional.of(sliceUrn.toString()),
                    Optional.of("GENI slice " + sliceUrn), Optional.empty(), Optional.of(INSTANTIATED)), SliceService.Creation.CREATE));
            long sliceExpires = plc.slices().slice(mutation.db(), Caller.INTERNAL, SliceRef.of(id)).orElseThrow().expires();
            if (existing.isEmpty() && credential.expires().getEpochSecond() < sliceExpires) {
                // A slice lives no longer than the credential it was made with.
                plc.slices().updateSlice(mutation, SliceRef.of(id), SliceUpdate.renewal(credential.expires().getEpochSecond()));
                sliceExpires = credential.expires().getEpochSecond();
            }
            // An allocation of this slice that lapsed gives its node (and its lease) back before a new one is made.
            LapsedAllocations.giveBack(plc, mutation, Optional.of(id));
            if (window.isEmpty()) {
                Reservations.requireLeaseWithoutWindow(mutation.db(), nodes, id, mutation.now());
            }
            // The nodes' management authorities must let this slice's authority use them (as Provision checks again).
            AuthorityPolicies.require(mutation.db(), id, plcapiName, nodes.stream().map(NodeDetails::nodeId).toList());
            List<AmSliver> held = SliceTargets.current(mutation.db(), id, mutation.now());
            for (int index = 0; index < nodes.size(); index++) {
                NodeDetails node = nodes.get(index);
                if (held.stream().anyMatch(sliver -> sliver.nodeId() == node.nodeId())) {
                    throw org.planetlab.api.error.PlanetLabException.alreadyExists("slice " + sliceUrn + " already has a sliver on " + node.hostname()
                            + "; Delete it first or Describe the slice");
                }
                RequestRspec.RequestedNode requested = request.nodes().get(index);
                AmSlivers.insert(mutation.db(), new AmSliver(names.sliverUrn(id, node.nodeId()).toString(), id, node.nodeId(),
                        requested.clientId(), AmSliver.ALLOCATED, Math.min(mutation.now() + ALLOCATION_SECONDS, sliceExpires),
                        requested.attributes()), mutation.now());
            }
            // In the same change as the slivers: a window another slice holds refuses the whole Allocate.
            window.ifPresent(asked -> Reservations.lease(plc, mutation, nodes, id, asked));
            return id;
        });
        SliceTargets.Target target = targets.resolve(List.of(sliceUrn.toString()));
        List<String> made = nodes.stream().map(node -> names.sliverUrn(sliceId, node.nodeId()).toString()).toList();
        List<AmSliver> allocated = target.slivers().stream().filter(sliver -> made.contains(sliver.sliverUrn())).toList();
        // The window granted, or the lease the slice already held of a reservable node.
        Map<Long, Reservations.Granted> leases = plc.database().read(handle -> Reservations.nextByNode(handle, sliceId,
                clock.instant().getEpochSecond()));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("geni_rspec", resources.manifest(target.slice(), allocated, options));
        value.put("geni_slivers", allocated.stream().map(sliver -> {
            Map<String, Object> status = allocationStatus(sliver);
            Optional.ofNullable(leases.get(sliver.nodeId())).ifPresent(lease -> Reservations.describe(lease, status));
            return status;
        }).toList());
        return value;
    }

    Map<String, Object> provision(List<String> urns, CallerCredentials credentials, Map<String, Object> options, Gid caller) {
        Resources.requireRspecVersion(options, false);
        SliceTargets.Target target = targets.resolve(urns, credentials, CHANGE);
        Optional<Long> leaseEnd = Reservations.requestedEnd(options, clock.instant(),
                credentials.granting(target.sliceUrn(), CHANGE).expires());
        List<GeniUsers.GeniUser> users = GeniUsers.read(options);
        SliceDetails slice = target.slice();
        List<Long> persons = users.isEmpty() ? List.of() : plc.mutations().run(Caller.INTERNAL, "ProvisionGeniUsers",
                List.of(target.sliceUrn().toString(), caller.urn().toString()),
                mutation -> GeniUsers.ensurePersons(plc, mutation, users, slice.siteId()));
        plc.mutations().run(actingFor(caller, site(target.sliceUrn())), "Provision", List.of(target.sliceUrn().toString(), caller.urn().toString()),
                mutation -> {
                    List<NodeRef> nodes = target.slivers().stream().filter(sliver -> !sliver.provisioned())
                            .map(sliver -> NodeRef.of(sliver.nodeId())).toList();
                    if (!nodes.isEmpty()) {
                        plc.sliceMembership().changeNodes(mutation, "Provision", SliceRef.of(slice.sliceId()), nodes, true);
                    }
                    // The attributes the request asked for become the slice's attributes on each node (slice
                    // tags), now that the slice is on it, with PLC's checks of who may set which.
                    for (AmSliver sliver : target.slivers()) {
                        if (!sliver.provisioned()) {
                            sliver.attributes().forEach((name, value) -> plc.sliceTags().setSliceAttribute(mutation,
                                    SliceRef.of(slice.sliceId()), TagTypeRef.of(name), value, Optional.of(NodeRef.of(sliver.nodeId()))));
                        }
                    }
                    for (long person : persons) {
                        plc.sliceMembership().changePerson(mutation, "Provision", PersonRef.of(person), SliceRef.of(slice.sliceId()), true);
                    }
                    for (AmSliver sliver : target.slivers()) {
                        AmSlivers.update(mutation.db(), sliver.sliverUrn(), AmSliver.PROVISIONED, slice.expires());
                    }
                    leaseEnd.ifPresent(until -> Reservations.moveEnds(plc, mutation, slice.sliceId(), nodeIds(target), until));
                    return null;
                });
        SliceTargets.Target after = targets.resolve(urns);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("geni_rspec", resources.manifest(after.slice(), after.slivers(), options));
        value.put("geni_slivers", statuses(after));
        return value;
    }

    Map<String, Object> status(List<String> urns, CallerCredentials credentials) {
        SliceTargets.Target target = targets.resolve(urns, credentials, READ);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("geni_urn", target.sliceUrn().toString());
        value.put("geni_slivers", statuses(target));
        return value;
    }

    Map<String, Object> describe(List<String> urns, CallerCredentials credentials, Map<String, Object> options) {
        Resources.requireRspecVersion(options, false);
        SliceTargets.Target target = targets.resolve(urns, credentials, READ);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("geni_rspec", resources.manifest(target.slice(), target.slivers(), options));
        value.put("geni_urn", target.sliceUrn().toString());
        value.put("geni_slivers", statuses(target));
        return value;
    }

    List<Map<String, Object>> performOperationalAction(List<String> urns, CallerCredentials credentials, String action, Gid caller) {
        if (!Set.of("geni_start", "geni_stop", "geni_restart").contains(action)) {
            throw new GeniException(GeniCode.UNSUPPORTED, "action \"" + action + "\" is not offered; PLC slivers take"
                    + " geni_start, geni_stop and geni_restart");
        }
        SliceTargets.Target target = targets.resolve(urns, credentials, CONTROL);
        if (target.slivers().stream().anyMatch(sliver -> !sliver.provisioned())) {
            throw new GeniException(GeniCode.REFUSED, action + " applies to provisioned slivers; Provision "
                    + target.sliceUrn() + " first");
        }
        List<AmSliver> all = targets.current(target.slice().sliceId());
        if (target.slivers().size() != all.size()) {
            throw new GeniException(GeniCode.UNSUPPORTED, "PLC starts and stops all slivers of a slice together;"
                    + " name the slice or all of its slivers");
        }
        SliceRef slice = SliceRef.of(target.slice().sliceId());
        Caller acting = actingFor(caller, site(target.sliceUrn()));
        List<Object> arguments = List.of(target.sliceUrn().toString(), caller.urn().toString(), action);
        if (!action.equals("geni_start")) {
            plc.mutations().run(acting, "PerformOperationalAction", arguments, mutation -> {
                plc.slices().stopSlice(mutation, slice);
                return null;
            });
        }
        if (!action.equals("geni_stop")) {
            plc.mutations().run(acting, "PerformOperationalAction", arguments, mutation -> {
                plc.slices().startSlice(mutation, slice);
                return null;
            });
        }
        return statuses(targets.resolve(urns));
    }

    List<Map<String, Object>> renew(List<String> urns, CallerCredentials credentials, Instant requested, Map<String, Object> options,
            Gid caller) {
        SliceTargets.Target target = targets.resolve(urns, credentials, CHANGE);
        VerifiedCredential credential = credentials.granting(target.sliceUrn(), CHANGE);
        Instant now = clock.instant();
        if (!requested.isAfter(now)) {
            throw GeniException.badArgs("expiration_time " + requested + " is not in the future");
        }
        Instant limit = now.plusSeconds(SliceApi.MAX_RENEWAL_SECONDS);
        Instant until = requested;
        if (until.isAfter(limit)) {
            if (!CallArguments.flag(options, "geni_extend_alap")) {
                throw new GeniException(GeniCode.REFUSED, "PLC renews slices to at most 8 weeks from now (" + limit
                        + "); ask for less, or set geni_extend_alap to renew as far as allowed");
            }
            until = limit;
        }
        if (until.isAfter(credential.expires())) {
            if (!CallArguments.flag(options, "geni_extend_alap")) {
                throw GeniException.badArgs("expiration_time " + requested + " is after the slice credential expires ("
                        + credential.expires() + "); renew the credential at the slice authority first");
            }
            until = credential.expires();
        }
        long expires = until.getEpochSecond();
        plc.mutations().run(actingFor(caller, site(target.sliceUrn())), "Renew", List.of(target.sliceUrn().toString(), caller.urn().toString()),
                mutation -> {
                    plc.slices().updateSlice(mutation, SliceRef.of(target.slice().sliceId()), SliceUpdate.renewal(expires));
                    for (AmSliver sliver : AmSlivers.ofSlice(mutation.db(), target.slice().sliceId())) {
                        if (sliver.provisioned()) {
                            AmSlivers.update(mutation.db(), sliver.sliverUrn(), sliver.allocationState(), expires);
                        }
                    }
                    // The slivers' windows on reservable nodes end with them; a collision refuses the renewal too.
                    Reservations.moveEnds(plc, mutation, target.slice().sliceId(), nodeIds(target), expires);
                    return null;
                });
        return statuses(targets.resolve(urns));
    }

    List<Map<String, Object>> delete(List<String> urns, CallerCredentials credentials, Gid caller) {
        SliceTargets.Target target = targets.resolve(urns, credentials, CHANGE);
        plc.mutations().run(actingFor(caller, site(target.sliceUrn())), "Delete", List.of(target.sliceUrn().toString(), caller.urn().toString()),
                mutation -> {
                    List<NodeRef> nodes = target.slivers().stream().filter(AmSliver::provisioned)
                            .map(sliver -> NodeRef.of(sliver.nodeId())).toList();
                    if (!nodes.isEmpty()) {
                        plc.sliceMembership().changeNodes(mutation, "Delete", SliceRef.of(target.slice().sliceId()), nodes, false);
                    }
                    target.slivers().forEach(sliver -> AmSlivers.delete(mutation.db(), sliver.sliverUrn()));
                    Reservations.release(plc, mutation, target.slice().sliceId(), nodeIds(target));
                    return null;
                });
        String now = RspecDocument.time(clock.instant());
        return target.slivers().stream().map(sliver -> {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("geni_sliver_urn", sliver.sliverUrn());
            status.put("geni_allocation_status", AmSliver.UNALLOCATED);
            status.put("geni_expires", now);
            return status;
        }).toList();
    }

    Boolean shutdown(String sliceText, CallerCredentials credentials, Gid caller) {
        Urn sliceUrn = Urn.parse(sliceText, "slice");
        names.plcapiSliceName(sliceUrn);
        credentials.granting(sliceUrn, SHUTDOWN);
        SliceDetails slice = targets.liveSlice(sliceUrn);
        plc.mutations().run(Caller.INTERNAL, "Shutdown", List.of(sliceUrn.toString(), caller.urn().toString()), mutation -> {
            plc.slices().stopSlice(mutation, SliceRef.of(slice.sliceId()));
            return null;
        });
        return Boolean.TRUE;
    }

    private List<Map<String, Object>> statuses(SliceTargets.Target target) {
        long sliceId = target.slice().sliceId();
        long now = clock.instant().getEpochSecond();
        Map<Long, Reservations.Granted> leases = plc.database().read(handle -> Reservations.nextByNode(handle, sliceId, now));
        OperationalStates reported = plc.database().read(handle -> OperationalStates.of(handle, sliceId));
        boolean started = target.slice().state().equals("started");
        return target.slivers().stream().map(sliver -> {
            Map<String, Object> status = allocationStatus(sliver);
            Reservations.Granted lease = leases.get(sliver.nodeId());
            if (lease != null) {
                Reservations.describe(lease, status);
            }
            // A reservable node holds the sliver stopped outside its lease, as it should.
            boolean shouldRun = started && (lease == null || lease.from() <= now);
            OperationalStates.Status operational = reported.of(sliver, shouldRun);
            status.put("geni_operational_status", operational.operational());
            status.put("geni_error", operational.error());
            return status;
        }).toList();
    }

    private static List<Long> nodeIds(SliceTargets.Target target) {
        return target.slivers().stream().map(AmSliver::nodeId).toList();
    }

    private static Map<String, Object> allocationStatus(AmSliver sliver) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("geni_sliver_urn", sliver.sliverUrn());
        status.put("geni_allocation_status", sliver.allocationState());
        status.put("geni_expires", RspecDocument.time(Instant.ofEpochSecond(sliver.allocationExpires())));
        sliver.clientId().ifPresent(clientId -> status.put("geni_client_id", clientId));
        return status;
    }

    private SiteDetails site(Urn sliceUrn) {
        String loginBase = names.loginBase(sliceUrn);
        return plc.sites().site(SiteRef.of(loginBase)).orElseThrow(() -> GeniException.searchFailed(
                "PLC has no site " + loginBase + " for " + sliceUrn));
    }

    /**
     * Refuses at once what Provision would refuse later: a value the attribute does not take
     * ({@code BADARGS}), or an attribute only operators may set ({@code FORBIDDEN}); PLC checks
     * both again when it sets them.
     */
    private static void checkAttribute(String name, String value) {
        RspecAttribute attribute = RspecAttribute.lookup(name).orElseThrow();
        try {
            attribute.canonical(value);
        } catch (org.planetlab.api.error.PlanetLabException e) {
            throw GeniException.badArgs(e.getMessage());
        }
        if (attribute.minRole().roleId() < Role.PI.roleId()) {
            throw GeniException.forbidden("only PlanetLab operators may set " + name + "; ask PlanetLab support");
        }
    }

    /**
     * The caller as PLC sees it: the PLC person its GENI URN maps to (made on first use, a user of
     * the slice's site), acting as a PI of that site because PLC's slice authority signed it a
     * credential for the slice; PLC then applies its rules for PIs and names the person in its
     * event log.
     */
    private Caller actingFor(Gid caller, SiteDetails site) {
        Optional<Long> mapped = plc.database().read(handle -> GeniUsers.mapped(handle, caller.urn()));
        boolean atSite = mapped.flatMap(id -> plc.persons().person(Caller.INTERNAL, PersonRef.of(id)))
                .map(person -> person.siteIds().contains(site.siteId())).orElse(false);
        long personId = atSite ? mapped.orElseThrow() : plc.mutations().run(Caller.INTERNAL, "MapGeniUser",
                List.of(caller.urn().toString()), mutation -> GeniUsers.ensurePersons(plc, mutation,
                        List.of(new GeniUsers.GeniUser(caller.urn(), List.of())), site.siteId()).getFirst());
        return Caller.person(personId, Set.of(Role.PI), List.of(site.siteId()), "geni", Optional.empty());
    }
}
