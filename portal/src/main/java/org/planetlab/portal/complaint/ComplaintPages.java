package org.planetlab.portal.complaint;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.audit.Complaint;
import org.planetlab.plc.audit.ComplaintStatus;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.portal.security.Actions;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.slice.Times;
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.Reply;
import org.planetlab.portal.web.Routes;
import org.planetlab.portal.web.WebRequest;

/**
 * Complaints about slices' traffic, as filed on the nodes' audit pages: operators see all, PIs
 * those about their sites' slices (PLC's complaint service decides), and whoever may handle one
 * changes its status (open, answered, closed) with a note.
 */
public final class ComplaintPages {
    private static final int SHOWN = 200;

    private final Plc plc;
    private final Actions actions;

    public ComplaintPages(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
        this.actions = new Actions(plc);
    }

    public void register(Routes routes) {
        routes.get("/complaints", Routes.Access.SIGNED_IN, request -> page(request, FormErrors.NONE))
                .post("/complaints/{id}/status", Routes.Access.SIGNED_IN, this::update);
    }

    /** A complaint as the page lists it. */
    public record Row(long complaintId, String slice, String node, String reporter, String text, String flow,
            String status, String filed, String note) {}

    private Reply page(WebRequest request, FormErrors errors) {
        Caller caller = request.caller();
        ApiRules.require(caller, "GetComplaints");
        Optional<ComplaintStatus> status = Arrays.stream(ComplaintStatus.values())
                .filter(value -> value.wireName().equals(request.field("status"))).findFirst();
        List<Complaint> complaints = plc.database().read(handle -> plc.audit().complaints().complaints(handle, caller,
                new Complaint.Filter(Optional.empty(), Optional.empty(), status, SHOWN)));
        Map<Long, String> hostnames = new HashMap<>();
        List<Row> rows = complaints.stream().map(complaint -> new Row(complaint.complaintId(), complaint.sliceName(),
                hostnames.computeIfAbsent(complaint.nodeId(), id -> plc.nodes().node(NodeRef.of(id))
                        .map(NodeDetails::hostname).orElse("node " + id)),
                complaint.reporterName() + " <" + complaint.reporterEmail() + ">", complaint.text(),
                "%s:%d → %s:%d".formatted(complaint.flow().publicAddress(), complaint.flow().publicPort(),
                        complaint.flow().remoteAddress(), complaint.flow().remotePort()),
                complaint.status().wireName(), Times.utc(complaint.created()), complaint.note().orElse(""))).toList();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("frame", request.frame("Complaints"));
        parameters.put("complaints", rows);
        parameters.put("statuses", Arrays.stream(ComplaintStatus.values()).map(ComplaintStatus::wireName).toList());
        parameters.put("chosen", status.map(ComplaintStatus::wireName).orElse(""));
        parameters.put("mayUpdate", ApiRules.may(caller, "UpdateComplaint"));
        parameters.put("errors", errors);
        return Reply.page(errors.isEmpty() ? 200 : 400, "complaints.jte", parameters);
    }

    private Reply update(WebRequest request) {
        long complaintId = request.pathId(0);
        Caller caller = request.caller();
        ApiRules.require(caller, "GetComplaints");
        boolean visible = !plc.database().read(handle -> plc.audit().complaints().complaints(handle, caller,
                new Complaint.Filter(Optional.of(complaintId), Optional.empty(), Optional.empty(), 1))).isEmpty();
        if (!visible) {
            throw PlanetLabException.notFound("no complaint " + complaintId + " that " + caller.describe() + " handles");
        }
        Optional<ComplaintStatus> status = Arrays.stream(ComplaintStatus.values())
                .filter(value -> value.wireName().equals(request.field("status").toLowerCase(Locale.ROOT)))
                .findFirst();
        if (status.isEmpty()) {
            return page(request, FormErrors.general("Choose the complaint's new status: open, answered or closed."));
        }
        Optional<String> note = Optional.of(request.field("note")).filter(text -> !text.isEmpty());
        actions.apply(caller, "UpdateComplaint", List.of(complaintId, status.get().wireName()), mutation ->
                plc.audit().complaints().updateComplaint(mutation, complaintId, status.get(), note));
        return Reply.redirect("/complaints?done=complaint-updated");
    }
}
