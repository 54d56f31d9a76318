package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.slice.SliceNames;

/**
 * The archive's questions, with who may ask them: "who sent this?" (operators and PIs: the
 * answer names no more than every node's public audit page does, but across all nodes), and per
 * slice its hourly traffic, its flows (operators, its site's PIs, its users) and the top talkers
 * (operators over every slice, PIs over their sites' slices). Times on this side are in seconds
 * since the epoch, as everywhere in the API; the archive's are milliseconds.
 */
public final class FlowQueries {
    private final FlowArchive archive;
    private final SliceNames names;

    public FlowQueries(FlowArchive archive, SliceNames names) {
        this.archive = requireNonNull(archive, "archive is null");
        this.names = requireNonNull(names, "names is null");
    }

    /** Flows and the people who answer for their slices. */
    public record WhoSent(List<FlowRecord> flows, List<SliceContacts.Contact> slices) {}

    /** What "who sent this?" asks. */
    public record Question(String remoteAddress, long startSeconds, long endSeconds, OptionalInt remotePort,
            OptionalInt protocol, OptionalInt nodeId, int limit) {
        public Question {
            requireNonNull(remoteAddress, "remoteAddress is null");
        }
    }

    public WhoSent whoSentThis(Handle handle, Caller caller, Question question) {
        if (!caller.isOperator() && !caller.has(Role.PI)) {
            throw PlanetLabException.permissionDenied("WhoSentThis: only operators and PIs may ask");
        }
        List<FlowRecord> flows = archive.flows(new FlowQuery(Optional.of(question.remoteAddress()), OptionalInt.empty(),
                millis(question.startSeconds()), endMillis(question.endSeconds()), question.remotePort(),
                question.protocol(), question.nodeId(), question.limit()));
        Set<Long> sliceIds = new LinkedHashSet<>();
        flows.forEach(flow -> sliceIds.add((long) flow.sliceId()));
        return new WhoSent(flows, SliceContacts.read(handle, sliceIds));
    }

    public List<FlowArchive.TrafficHour> sliceTraffic(Handle handle, Caller caller, Object slice, long startSeconds,
            long endSeconds) {
        AuditedSlices.AuditedSlice found = AuditedSlices.require(handle, names, slice);
        AuditedSlices.requireTrafficReader(handle, caller, found, "GetSliceTraffic");
        window(startSeconds, endSeconds);
        return archive.sliceTraffic((int) found.sliceId(), millis(startSeconds), endMillis(endSeconds));
    }

    public List<FlowRecord> sliceFlows(Handle handle, Caller caller, Object slice, long startSeconds, long endSeconds,
            int limit) {
        AuditedSlices.AuditedSlice found = AuditedSlices.require(handle, names, slice);
        AuditedSlices.requireTrafficReader(handle, caller, found, "GetSliceFlows");
        return archive.flows(new FlowQuery(Optional.empty(), OptionalInt.of((int) found.sliceId()), millis(startSeconds),
                endMillis(endSeconds), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), limit));
    }

    public List<FlowArchive.TopTalker> topTalkers(Handle handle, Caller caller, long startSeconds, long endSeconds,
            int limit) {
        window(startSeconds, endSeconds);
        if (caller.isOperator()) {
            return archive.topTalkers(millis(startSeconds), endMillis(endSeconds), limit, List.of());
        }
        if (!caller.has(Role.PI)) {
            throw PlanetLabException.permissionDenied("GetTopTalkers: only operators and PIs may ask");
        }
        List<Integer> own = AuditedSlices.ofSites(handle, caller.siteIds());
        return own.isEmpty() ? List.of() : archive.topTalkers(millis(startSeconds), endMillis(endSeconds), limit, own);
    }

    /** Who answers for each slice the caller may see; the others are left out, as Get methods do. */
    public List<SliceContacts.Contact> contacts(Handle handle, Caller caller, List<Long> sliceIds) {
        return SliceContacts.read(handle, sliceIds).stream()
                .filter(contact -> AuditedSlices.mayReadContacts(handle, caller, contact.sliceId(), contact.siteId()))
                .toList();
    }

    private static void window(long startSeconds, long endSeconds) {
        if (endSeconds < startSeconds) {
            throw PlanetLabException.invalidArgument("the window ends before it starts");
        }
        if (millis(endSeconds) - millis(startSeconds) > FlowQuery.MAX_WINDOW_MILLIS) {
            throw PlanetLabException.invalidArgument("the window may span at most 400 days");
        }
    }

    private static long millis(long seconds) {
        return seconds * 1000;
    }

    /** The last millisecond of the window's last second: a window ending at t includes all of t. */
    private static long endMillis(long seconds) {
        return seconds * 1000 + 999;
    }
}
