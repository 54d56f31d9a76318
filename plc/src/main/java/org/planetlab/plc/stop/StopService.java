package org.planetlab.plc.stop;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.node.Nodes;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.slice.SliceService;
import org.planetlab.plc.slice.Slices;

/**
 * The big red button at every level, each press recorded with who, why and when: a slice's
 * sliver on one node (its users, its site's PIs, the node's site, operators), a slice everywhere
 * (StopSlice: its users, its site's PIs, operators), every slice of a site (its PIs, operators),
 * every slice on every node (operators; lifted only by an operator). Starting a slice again lifts
 * its slice and site stops; a system-wide stop refuses it until an operator resumes.
 */
public final class StopService {
    private final SliceService slices;
    private final SliceNames names;
    private volatile StopNotifications notifications = StopNotifications.NONE;

    public StopService(SliceService slices, SliceNames names) {
        this.slices = requireNonNull(slices, "slices is null");
        this.names = requireNonNull(names, "names is null");
    }

    /** Installs the path that tells slice users of a stop (the mail path, once there is one). */
    public void notifyWith(StopNotifications notifications) {
        this.notifications = requireNonNull(notifications, "notifications is null");
    }

    /** Stops a slice's sliver on one node until {@link #startSliver}. */
    public void stopSliver(Mutation mutation, SliceRef sliceRef, Object node, String reason) {
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, sliceRef.key());
        Nodes.NodeRecord record = Nodes.require(mutation.db(), node);
        StopAuthority authority = sliverAuthority(mutation.db(), mutation.caller(), slice, record)
                .orElseThrow(() -> PlanetLabException.permissionDenied(("StopSliver: %s is not a user of slice %s, a PI"
                        + " of its site, a PI or tech of %s's site or an operator").formatted(
                        mutation.caller().describe(), slice.name(), record.hostname())));
        record(mutation, "sliver", Optional.of(slice.sliceId()), Optional.of(record.nodeId()), Optional.empty(),
                authority, reason);
        mutation.affected(ObjectType.NODE, record.nodeId());
        mutation.affected(ObjectType.SLICE, slice.sliceId());
        mutation.message("slice %s stopped on %s by %s (%s): %s".formatted(slice.name(), record.hostname(),
                mutation.caller().describe(), authority.wireName(), reason));
    }

    /** Lifts the sliver stops of a slice on one node, if the caller's right is at least theirs. */
    public void startSliver(Mutation mutation, SliceRef sliceRef, Object node) {
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, sliceRef.key());
        Nodes.NodeRecord record = Nodes.require(mutation.db(), node);
        StopAuthority authority = sliverAuthority(mutation.db(), mutation.caller(), slice, record)
                .orElseThrow(() -> PlanetLabException.permissionDenied(("StartSliver: %s may not start slice %s on %s;"
                        + " see StopSliver for who may").formatted(mutation.caller().describe(), slice.name(),
                        record.hostname())));
        List<StopRecord> active = Stops.activeSliverStops(mutation.db(), slice.sliceId(), record.nodeId());
        if (active.isEmpty()) {
            throw PlanetLabException.notFound("slice " + slice.name() + " is not stopped on " + record.hostname()
                    + " by StopSliver; a slice stopped everywhere is started with StartSlice");
        }
        for (StopRecord stop : active) {
            StopAuthority made = StopAuthority.fromWireName(stop.authority());
            if (made.compareTo(authority) > 0) {
                throw PlanetLabException.permissionDenied(("StartSliver: slice %s was stopped on %s by %s (%s right):"
                        + " %s; only %s may start it there again").formatted(slice.name(), record.hostname(),
                        stop.personId().map(id -> "person " + id).orElse("PLC"), made.wireName(), stop.reason(),
                        made == StopAuthority.OPERATOR ? "an operator" : "the site or an operator"));
            }
        }
        Stops.lift(mutation.db(), "level = 'sliver' AND slice_id = :slice AND node_id = :node",
                Map.of("slice", slice.sliceId(), "node", record.nodeId()), mutation.caller().personId(), mutation.now());
        mutation.affected(ObjectType.NODE, record.nodeId());
        mutation.affected(ObjectType.SLICE, slice.sliceId());
        mutation.message("slice %s started again on %s".formatted(slice.name(), record.hostname()));
    }

    /** StopSlice: the slice's slivers stop on every node; the stop is recorded with its reason. */
    public void stopSlice(Mutation mutation, SliceRef sliceRef, Optional<String> reason) {
        slices.stopSlice(mutation, sliceRef);
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, sliceRef.key());
        record(mutation, "slice", Optional.of(slice.sliceId()), Optional.empty(), Optional.empty(),
                sliceAuthority(mutation.caller(), slice), reason.orElse("(no reason given)"));
    }

    /** StartSlice: refused while every slice is stopped; lifts the slice's slice and site stops. */
    public void startSlice(Mutation mutation, SliceRef sliceRef) {
        Stops.everySliceStopped(mutation.db()).ifPresent(stop -> {
            throw new PlanetLabException(ErrorCode.PERMISSION_DENIED, "every slice on every node is stopped since "
                    + stop.stoppedAt() + " by operators: " + stop.reason() + "; slices start again when an operator"
                    + " calls ResumeAllSlices");
        });
        slices.startSlice(mutation, sliceRef);
        Slices.SliceRecord slice = Slices.require(mutation.db(), names, sliceRef.key());
        Stops.lift(mutation.db(), "level IN ('slice', 'site') AND slice_id = :slice", Map.of("slice", slice.sliceId()),
                mutation.caller().personId(), mutation.now());
    }

    /** Stops every live slice of a site everywhere; returns how many. */
    public long stopSiteSlices(Mutation mutation, Object site, String reason) {
        Sites.SiteRecord record = Sites.require(mutation.db(), site);
        Caller caller = mutation.caller();
        if (!caller.isOperator() && !(caller.has(Role.PI) && caller.isAtSite(record.siteId()))) {
            throw PlanetLabException.permissionDenied("StopSiteSlices: only a PI of site " + record.loginBase()
                    + " or an operator may stop all its slices; " + caller.describe() + " is neither");
        }
        List<Long> sliceIds = mutation.db().createQuery("SELECT slice_id FROM slices WHERE site_id = :site"
                        + " AND is_deleted = FALSE ORDER BY slice_id")
                .bind("site", record.siteId()).mapTo(Long.class).list();
        StopAuthority authority = caller.isOperator() ? StopAuthority.OPERATOR : StopAuthority.SITE;
        for (long sliceId : sliceIds) {
            slices.stopSlice(mutation, SliceRef.of(sliceId));
            record(mutation, "site", Optional.of(sliceId), Optional.empty(), Optional.of(record.siteId()), authority,
                    reason);
        }
        mutation.affected(ObjectType.SITE, record.siteId());
        mutation.message("%d slices of site %s stopped by %s: %s".formatted(sliceIds.size(), record.loginBase(),
                caller.describe(), reason));
        return sliceIds.size();
    }

    /** The big red button: every sliver on every node stops until an operator resumes. */
    public void stopAllSlices(Mutation mutation, String reason) {
        Permissions.requireOperator(mutation.caller(), "StopAllSlices");
        Optional<StopRecord> already = Stops.everySliceStopped(mutation.db());
        if (already.isPresent()) {
            throw new PlanetLabException(ErrorCode.ALREADY_EXISTS, "every slice is already stopped since "
                    + already.get().stoppedAt() + ": " + already.get().reason() + "; ResumeAllSlices lifts it");
        }
        record(mutation, "all", Optional.empty(), Optional.empty(), Optional.empty(), StopAuthority.OPERATOR, reason);
        mutation.changes().affectsEveryNode();
        mutation.message("every slice on every node stopped by %s: %s".formatted(mutation.caller().describe(), reason));
    }

    /** Lifts the system-wide stop: the slices that were started run again. */
    public void resumeAllSlices(Mutation mutation, String reason) {
        Permissions.requireOperator(mutation.caller(), "ResumeAllSlices");
        if (Stops.lift(mutation.db(), "level = 'all'", Map.of(), mutation.caller().personId(), mutation.now()) == 0) {
            throw PlanetLabException.notFound("no system-wide stop is in force; StopAllSlices makes one");
        }
        mutation.changes().affectsEveryNode();
        mutation.message("every slice resumed by %s: %s".formatted(mutation.caller().describe(), reason));
    }

    /**
     * The stops a caller may see, newest first: operators all; others those of their sites'
     * slices, of slices they belong to, and the system-wide ones.
     */
    public List<StopRecord> stops(Handle handle, Caller caller, Optional<Object> slice, Optional<Object> site,
            Optional<Boolean> active) {
        if (!caller.isPerson()) {
            throw PlanetLabException.permissionDenied("GetSliceStops: stops are shown to persons with an account");
        }
        StringBuilder condition = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new LinkedHashMap<>();
        slice.ifPresent(reference -> {
            condition.append(" AND slice_id = :slice");
            parameters.put("slice", Slices.require(handle, names, reference).sliceId());
        });
        site.ifPresent(reference -> {
            condition.append(" AND slice_id IN (SELECT slice_id FROM slices WHERE site_id = :site)");
            parameters.put("site", Sites.require(handle, reference).siteId());
        });
        active.ifPresent(inForce -> condition.append(inForce ? " AND lifted_at IS NULL" : " AND lifted_at IS NOT NULL"));
        if (!caller.isOperator()) {
            List<String> visible = new ArrayList<>(List.of("level = 'all'",
                    "slice_id IN (SELECT slice_id FROM slice_persons WHERE person_id = :me)"));
            parameters.put("me", caller.personId().orElseThrow());
            if (!caller.siteIds().isEmpty()) {
                visible.add("slice_id IN (SELECT slice_id FROM slices WHERE site_id IN (<sites>))");
                visible.add("node_id IN (SELECT node_id FROM nodes WHERE site_id IN (<sites>))");
            }
            condition.append(" AND (").append(String.join(" OR ", visible)).append(')');
        }
        String sites = caller.siteIds().stream().map(String::valueOf).reduce((one, other) -> one + ", " + other)
                .orElse("0");
        return Stops.select(handle, condition.toString().replace("<sites>", sites), parameters);
    }

    private void record(Mutation mutation, String level, Optional<Long> sliceId, Optional<Long> nodeId,
            Optional<Long> siteId, StopAuthority authority, String reason) {
        long stopId = Stops.insert(mutation.db(), level, sliceId, nodeId, siteId, mutation.caller().personId(),
                authority, reason, mutation.now());
        notifications.stopped(mutation, new StopRecord(stopId, level, sliceId, nodeId, siteId,
                mutation.caller().personId(), authority.wireName(), reason, mutation.now(), Optional.empty(),
                Optional.empty()));
    }

    /** The strongest right in which the caller may stop or start this slice on this node, if any. */
    private static Optional<StopAuthority> sliverAuthority(Handle handle, Caller caller, Slices.SliceRecord slice,
            Nodes.NodeRecord node) {
        if (caller.isOperator()) {
            return Optional.of(StopAuthority.OPERATOR);
        }
        if ((caller.has(Role.TECH) || caller.has(Role.PI)) && caller.isAtSite(node.siteId())) {
            return Optional.of(StopAuthority.SITE);
        }
        if (caller.has(Role.PI) && caller.isAtSite(slice.siteId())) {
            return Optional.of(StopAuthority.SITE);
        }
        if (caller.personId().isPresent() && Slices.isMember(handle, slice.sliceId(), caller.personId().get())) {
            return Optional.of(StopAuthority.SLICE);
        }
        return Optional.empty();
    }

    private static StopAuthority sliceAuthority(Caller caller, Slices.SliceRecord slice) {
        if (caller.isOperator()) {
            return StopAuthority.OPERATOR;
        }
        return caller.has(Role.PI) && caller.isAtSite(slice.siteId()) ? StopAuthority.SITE : StopAuthority.SLICE;
    }
}
