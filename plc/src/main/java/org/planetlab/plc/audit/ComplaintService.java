package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.audit.AuditApi;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.api.wire.JsonCodec;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mail.PlcMail;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Complaints: filed by anyone authenticated (nodes for their page's anonymous reporters, about
 * their own flows), bounded per node and per reporter per hour, recorded with the mail they cause
 * in one transaction (the mail leaves later, see {@link org.planetlab.plc.mail.MailOutbox}); read and handled by
 * operators and by the PIs of the slice's site, every change of status recorded with who made it.
 */
public final class ComplaintService {
    private static final long HOUR = 3_600;

    private final MutationPath mutations;
    private final AuditSettings settings;
    private final Optional<String> supportAddress;
    private final JsonCodec json = new JsonCodec();

    public ComplaintService(MutationPath mutations, AuditSettings settings, Optional<String> supportAddress) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.supportAddress = requireNonNull(supportAddress, "supportAddress is null");
    }

    public long addComplaint(Caller caller, NewComplaint complaint) {
        return mutations.run(caller, AuditApi.ADD_COMPLAINT, List.of(complaint.sliceId(), complaint.nodeId()),
                mutation -> addComplaint(mutation, complaint));
    }

    public long addComplaint(Mutation mutation, NewComplaint complaint) {
        Caller caller = mutation.caller();
        Handle handle = mutation.db();
        if (caller.isNode() && caller.nodeId().orElseThrow() != complaint.nodeId()) {
            throw PlanetLabException.permissionDenied("AddComplaint: node " + caller.nodeId().orElseThrow()
                    + " may file complaints only about its own flows, not node " + complaint.nodeId() + "'s");
        }
        String hostname = Rows.select(handle, "SELECT hostname FROM nodes WHERE node_id = ?",
                List.of(complaint.nodeId())).mapTo(String.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no node with node_id " + complaint.nodeId()));
        SliceContacts.Contact slice = SliceContacts.read(handle, List.of(complaint.sliceId())).stream().findFirst()
                .orElseThrow(() -> PlanetLabException.notFound("no slice with slice_id " + complaint.sliceId()
                        + " exists or existed"));
        if (!slice.name().equals(complaint.flow().sliceName())) {
            throw PlanetLabException.invalidArgument("the flow names slice " + complaint.flow().sliceName()
                    + " but slice " + complaint.sliceId() + " is " + slice.name());
        }
        requireWithinLimits(mutation, complaint);
        long id = Database.nextId(handle, "complaints");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("complaint_id", id);
        row.put("slice_id", complaint.sliceId());
        row.put("node_id", complaint.nodeId());
        row.put("reporter_name", complaint.reporterName());
        row.put("reporter_email", complaint.reporterEmail());
        row.put("reported_by_person_id", caller.personId().orElse(null));
        row.put("reported_by_node_id", caller.nodeId().orElse(null));
        row.put("text", complaint.text());
        row.put("flow", new String(json.write(FlowWire.toWire(complaint.flow())), StandardCharsets.UTF_8));
        row.put("flow_start_ms", complaint.flow().startMillis());
        row.put("remote_address", complaint.flow().remoteAddress());
        row.put("status", ComplaintStatus.OPEN.wireName());
        row.put("note", null);
        row.put("created", mutation.now());
        row.put("last_updated", mutation.now());
        row.put("updated_by_person_id", null);
        Rows.insert(handle, "complaints", row);
        List<String> recipients = recipients(slice);
        if (!recipients.isEmpty()) {
            String filedBy = caller.isNode() ? "the audit page of " + hostname : caller.describe() + " at PLC";
            PlcMail.COMPLAINTS.queue(handle, id, recipients, ComplaintLetter.subject(id, slice.name(), hostname),
                    ComplaintLetter.body(id, complaint, slice.name(), hostname, filedBy), mutation.now());
        }
        mutation.affected(ObjectType.COMPLAINT, id);
        mutation.message("complaint " + id + " about slice " + slice.name() + " from " + hostname + " by "
                + complaint.reporterEmail() + "; to be mailed to " + recipients.size() + " address(es)");
        return id;
    }

    /** The slice's users, its site's PIs and techs, and support: each address once. */
    private List<String> recipients(SliceContacts.Contact slice) {
        Set<String> addresses = new LinkedHashSet<>();
        for (List<SliceContacts.Person> people : List.of(slice.users(), slice.pis(), slice.techs())) {
            people.forEach(person -> addresses.add(person.email()));
        }
        supportAddress.ifPresent(addresses::add);
        return List.copyOf(addresses);
    }

    private void requireWithinLimits(Mutation mutation, NewComplaint complaint) {
        long since = mutation.now() - HOUR;
        Caller caller = mutation.caller();
        if (caller.isNode()) {
            long filed = count(mutation.db(), "reported_by_node_id = ?", caller.nodeId().orElseThrow(), since);
            if (filed >= settings.complaintsPerNodePerHour()) {
                throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "node " + caller.nodeId().orElseThrow()
                        + " has relayed " + filed + " complaints in the last hour, the most allowed; try again later");
            }
        }
        long byReporter = caller.personId().isPresent()
                ? count(mutation.db(), "reported_by_person_id = ?", caller.personId().get(), since)
                : count(mutation.db(), "reporter_email = ?", complaint.reporterEmail(), since);
        if (byReporter >= settings.complaintsPerReporterPerHour()) {
            throw new PlanetLabException(ErrorCode.QUOTA_EXCEEDED, "this reporter has filed " + byReporter
                    + " complaints in the last hour, the most allowed; try again later");
        }
    }

    private static long count(Handle handle, String condition, Object value, long since) {
        return Rows.select(handle, "SELECT COUNT(*) FROM complaints WHERE " + condition + " AND created > ?",
                List.of(value, since)).mapTo(Long.class).one();
    }

    public void updateComplaint(Mutation mutation, long complaintId, ComplaintStatus status, Optional<String> note) {
        Caller caller = mutation.caller();
        long siteId = Rows.select(mutation.db(), "SELECT s.site_id FROM complaints c JOIN slices s ON s.slice_id ="
                        + " c.slice_id WHERE c.complaint_id = ?", List.of(complaintId)).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no complaint with complaint_id " + complaintId));
        requireHandler(caller, siteId, "UpdateComplaint");
        long personId = caller.personId().orElseThrow(() -> PlanetLabException.permissionDenied(
                "UpdateComplaint: only persons handle complaints"));
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("status", status.wireName());
        columns.put("note", note.orElse(null));
        columns.put("last_updated", mutation.now());
        columns.put("updated_by_person_id", personId);
        Rows.update(mutation.db(), "complaints", "complaint_id", complaintId, columns);
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("complaint_id", complaintId);
        history.put("time", mutation.now());
        history.put("person_id", personId);
        history.put("status", status.wireName());
        history.put("note", note.orElse(null));
        Rows.insert(mutation.db(), "complaint_updates", history);
        mutation.affected(ObjectType.COMPLAINT, complaintId);
        mutation.message("complaint " + complaintId + " " + status.wireName() + " by person " + personId);
    }

    /** Operators see every complaint; PIs those about their sites' slices; nobody else any. */
    public List<Complaint> complaints(Handle handle, Caller caller, Complaint.Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT c.complaint_id, c.slice_id, s.name, c.node_id, c.reporter_name,"
                + " c.reporter_email, c.text, c.flow, c.status, c.note, c.created, c.last_updated,"
                + " c.updated_by_person_id, c.reported_by_person_id, c.reported_by_node_id, m.recipients, m.sent_at"
                + " FROM complaints c JOIN slices s ON s.slice_id = c.slice_id"
                + " LEFT JOIN complaint_mail m ON m.complaint_id = c.complaint_id WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (!caller.isOperator()) {
            if (!caller.has(Role.PI) || caller.siteIds().isEmpty()) {
                return List.of();
            }
            sql.append(" AND s.site_id IN (").append("?, ".repeat(caller.siteIds().size() - 1)).append("?)");
            parameters.addAll(caller.siteIds());
        }
        filter.complaintId().ifPresent(id -> {
            sql.append(" AND c.complaint_id = ?");
            parameters.add(id);
        });
        filter.sliceId().ifPresent(id -> {
            sql.append(" AND c.slice_id = ?");
            parameters.add(id);
        });
        filter.status().ifPresent(status -> {
            sql.append(" AND c.status = ?");
            parameters.add(status.wireName());
        });
        sql.append(" ORDER BY c.complaint_id DESC LIMIT ").append(filter.limit());
        return Rows.select(handle, sql.toString(), parameters).map((row, context) -> new Complaint(row.getLong(1),
                row.getLong(2), row.getString(3), row.getLong(4), row.getString(5), row.getString(6), row.getString(7),
                FlowWire.recordFromWire(json.read(row.getString(8).getBytes(StandardCharsets.UTF_8))),
                ComplaintStatus.fromWire(row.getString(9)), Optional.ofNullable(row.getString(10)), row.getLong(11),
                row.getLong(12), optionalLong(row, 13), optionalLong(row, 14), optionalLong(row, 15),
                row.getString(16) == null ? List.of() : List.of(row.getString(16).split("\n")),
                optionalLong(row, 17).isPresent())).list();
    }

    private static Optional<Long> optionalLong(java.sql.ResultSet row, int column) throws java.sql.SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static void requireHandler(Caller caller, long siteId, String action) {
        if (!caller.isOperator() && !(caller.has(Role.PI) && caller.isAtSite(siteId))) {
            throw PlanetLabException.permissionDenied(action + ": only operators and the PIs of the slice's site"
                    + " handle its complaints; " + caller.describe() + " is neither");
        }
    }
}
