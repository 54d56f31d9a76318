package org.planetlab.portal.slice;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.ErrorCategory;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.lease.LeaseDetails;
import org.planetlab.plc.lease.LeaseWindow;
import org.planetlab.plc.lease.ReservableNode;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * A slice's leases of reservable nodes: the ones that have not ended, reserving a node for a
 * slot, cancelling a lease, and the search for the earliest slot in which a node is free
 * (GetLeaseWindow), whose answer fills the reservation form. Times are UTC.
 */
final class LeasePages {
    /** What a datetime-local control sends: minutes, no zone (the page says UTC). */
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    static final long MAX_HOURS = 24 * 14;

    private final Plc plc;
    private final Clock clock;
    private final Actions actions;

    LeasePages(Plc plc, Clock clock, Actions actions) {
        this.plc = requireNonNull(plc, "plc is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.actions = requireNonNull(actions, "actions is null");
    }

    void register(Routes routes) {
        routes.get("/slices/{id}/leases", Routes.Access.SIGNED_IN, this::page)
                .post("/slices/{id}/leases", Routes.Access.SIGNED_IN, this::reserve)
                .post("/slices/{id}/leases/{id}/cancel", Routes.Access.SIGNED_IN, this::cancel);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    /** The page; with {@code find} in the query, the earliest free slot of the chosen node fills the form. */
    private Reply page(WebRequest request) {
        SliceDetails slice = SlicePages.managedSlice(plc, request);
        if (request.field("find").isEmpty()) {
            return render(request, slice, Optional.empty(), FormErrors.NONE);
        }
        ApiRules.require(request.caller(), "GetLeaseWindow");
        long nodeId = request.longField("window_node").orElse(0);
        long hours = request.longField("window_hours").orElse(0);
        if (hours < 1 || hours > MAX_HOURS) {
            return render(request, slice, Optional.empty(), FormErrors.field("window_hours",
                    "Choose how many hours, 1 to " + MAX_HOURS + "."));
        }
        try {
            long now = now();
            LeaseWindow.Window window = plc.database().read(handle -> plc.leases().window(handle,
                    List.of(NodeRef.of(nodeId)), hours * 3600, now, now));
            String start = LOCAL.format(LocalDateTime.ofEpochSecond(window.from(), 0, ZoneOffset.UTC));
            return render(request, slice, Optional.of(new LeaseSlot(nodeId, start, (window.until() - window.from()) / 3600)),
                    FormErrors.NONE);
        } catch (PlanetLabException e) {
            if (e.code().category() == ErrorCategory.USER_ERROR || e.code().category() == ErrorCategory.NOT_FOUND) {
                return render(request, slice, Optional.empty(), FormErrors.field("window_node", e.getMessage()));
            }
            throw e;
        }
    }

    private Reply reserve(WebRequest request) {
        SliceDetails slice = SlicePages.managedSlice(plc, request);
        long nodeId = request.longField("node").orElse(0);
        long hours = request.longField("hours").orElse(0);
        String start = request.field("start");
        LeaseSlot entered = new LeaseSlot(nodeId, start, hours);
        long from;
        try {
            from = LocalDateTime.parse(start, LOCAL).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return render(request, slice, Optional.of(entered), FormErrors.field("start",
                    "Give the start as a date and time in UTC, e.g. 2026-12-24T18:00."));
        }
        if (hours < 1 || hours > MAX_HOURS) {
            return render(request, slice, Optional.of(entered), FormErrors.field("hours",
                    "Choose how many hours, 1 to " + MAX_HOURS + "."));
        }
        long until = from + hours * 3600;
        try {
            actions.run(request.caller(), "AddLeases", List.of(List.of(nodeId), slice.sliceId(), from, until),
                    mutation -> plc.leases().addLeases(mutation, List.of(NodeRef.of(nodeId)), slice.sliceId(), from,
                            until));
        } catch (PlanetLabException e) {
            ErrorCategory category = e.code().category();
            if (category == ErrorCategory.USER_ERROR || category == ErrorCategory.CONFLICT
                    || category == ErrorCategory.NOT_FOUND) {
                return render(request, slice, Optional.of(entered), FormErrors.field("start", e.getMessage()));
            }
            throw e;
        }
        return Reply.redirect("/slices/" + slice.sliceId() + "/leases?done=lease-added");
    }

    private Reply cancel(WebRequest request) {
        SliceDetails slice = SlicePages.managedSlice(plc, request);
        long leaseId = request.pathId(1);
        // Only a lease of this slice is cancelled from its page, whatever else the person manages.
        boolean ours = leases(slice).stream().anyMatch(lease -> lease.leaseId() == leaseId);
        if (!ours) {
            throw PlanetLabException.notFound("no lease " + leaseId + " of slice " + slice.name());
        }
        actions.apply(request.caller(), "DeleteLeases", List.of(List.of(leaseId)),
                mutation -> plc.leases().deleteLeases(mutation, List.of(leaseId)));
        return Reply.redirect("/slices/" + slice.sliceId() + "/leases?done=lease-cancelled");
    }

    private List<LeaseDetails> leases(SliceDetails slice) {
        long now = now();
        return plc.database().read(handle -> plc.leases().sliceLeases(handle, slice.sliceId(), now));
    }

    private Reply render(WebRequest request, SliceDetails slice, Optional<LeaseSlot> slot, FormErrors errors) {
        ApiRules.require(request.caller(), "GetLeases");
        long now = now();
        List<LeaseRow> rows = leases(slice).stream().map(lease -> LeaseRow.of(lease, now)).toList();
        List<ReservableNode> nodes = plc.database().read(handle -> plc.leases().reservableNodes(handle));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", request.frame("Leases of " + slice.name()));
        parameters.put("slice", slice);
        parameters.put("leases", rows);
        parameters.put("nodes", nodes);
        parameters.put("slot", slot.orElse(new LeaseSlot(nodes.isEmpty() ? 0 : nodes.getFirst().nodeId(), "", 1)));
        parameters.put("found", slot.isPresent() && errors.isEmpty() && request.method().equals("GET"));
        parameters.put("mayReserve", ApiRules.may(request.caller(), "AddLeases"));
        parameters.put("granularityMinutes", plc.leases().granularity() / 60);
        parameters.put("maxHours", MAX_HOURS);
        parameters.put("errors", errors);
        return Reply.page(errors.isEmpty() ? 200 : 400, "slice-leases.jte", parameters);
    }
}
