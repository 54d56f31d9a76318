package org.planetlab.plc.audit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.planetlab.api.audit.AuditApi;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.api.audit.FlowWire;
import org.planetlab.api.audit.SliceContact;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;

/** The auditing methods: wire values in, a typed service call, wire values out. */
public final class AuditMethods {
    private final FlowUploads uploads;
    private final FlowQueries queries;
    private final ComplaintService complaints;

    public AuditMethods(FlowUploads uploads, FlowQueries queries, ComplaintService complaints) {
        this.uploads = requireNonNull(uploads, "uploads is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.complaints = requireNonNull(complaints, "complaints is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind(AuditApi.UPLOAD_FLOWS, this::uploadFlows)
                .bind(AuditApi.GET_SLICE_CONTACTS, this::getSliceContacts)
                .bind("WhoSentThis", this::whoSentThis)
                .bind("GetSliceTraffic", call -> queries.sliceTraffic(call.db(), call.caller(), call.arg(0),
                        call.longArg(1), call.longArg(2)).stream().map(AuditMethods::hour).toList())
                .bind("GetTopTalkers", call -> queries.topTalkers(call.db(), call.caller(), call.longArg(0),
                        call.longArg(1), call.arg(2) == null ? 20 : (int) call.longArg(2)).stream()
                        .map(AuditMethods::talker).toList())
                .bind("GetSliceFlows", call -> flows(queries.sliceFlows(call.db(), call.caller(), call.arg(0),
                        call.longArg(1), call.longArg(2), call.arg(3) == null ? 100 : (int) call.longArg(3))))
                .bind(AuditApi.ADD_COMPLAINT, call -> complaints.addComplaint(call.mutation(),
                        newComplaint(call.structArg(0))))
                .bind("GetComplaints", this::getComplaints)
                .bind("UpdateComplaint", call -> {
                    Map<String, Object> fields = call.structArg(1);
                    complaints.updateComplaint(call.mutation(), call.longArg(0),
                            ComplaintStatus.fromWire((String) fields.get("status")),
                            Optional.ofNullable((String) fields.get("note")));
                    return 1L;
                });
    }

    private Object uploadFlows(Call call) {
        FlowArchive.Ingest ingest = uploads.upload(call.caller(), call.arg(0));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sequence", ingest.sequence());
        answer.put("stored", (long) ingest.stored());
        answer.put("duplicate", ingest.duplicate());
        return answer;
    }

    private Object getSliceContacts(Call call) {
        // No mail addresses here, even for operators: nodes show this answer on their public page.
        List<Long> ids = call.listArg(0).stream().map(id -> (Long) id).toList();
        return queries.contacts(call.db(), call.caller(), ids).stream().map(contact -> contact(contact, false)).toList();
    }

    private Object whoSentThis(Call call) {
        Map<String, Object> query = call.structArg(0);
        FlowQueries.WhoSent answer = queries.whoSentThis(call.db(), call.caller(), new FlowQueries.Question(
                (String) query.get("remote_address"), (Long) query.get("start"), (Long) query.get("end"),
                optionalInt(query.get("remote_port")), optionalInt(query.get("protocol")),
                optionalInt(query.get("node_id")), query.get("limit") == null ? 100 : ((Long) query.get("limit")).intValue()));
        boolean emails = call.caller().isOperator();
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("flows", flows(answer.flows()));
        wire.put("slices", answer.slices().stream().map(contact -> contact(contact, emails)).toList());
        return wire;
    }

    private Object getComplaints(Call call) {
        @SuppressWarnings("unchecked")
        Map<String, Object> filter = call.arg(0) == null ? Map.of() : (Map<String, Object>) call.arg(0);
        Complaint.Filter typed = new Complaint.Filter(Optional.ofNullable((Long) filter.get("complaint_id")),
                Optional.ofNullable((Long) filter.get("slice_id")),
                Optional.ofNullable((String) filter.get("status")).map(ComplaintStatus::fromWire),
                filter.get("limit") == null ? 100 : ((Long) filter.get("limit")).intValue());
        return complaints.complaints(call.db(), call.caller(), typed).stream().map(AuditMethods::complaint).toList();
    }

    private static NewComplaint newComplaint(Map<String, Object> wire) {
        return new NewComplaint((Long) wire.get("slice_id"), (Long) wire.get("node_id"),
                (String) wire.get("reporter_name"), (String) wire.get("reporter_email"), (String) wire.get("text"),
                FlowWire.recordFromWire(wire.get("flow")));
    }

    private static OptionalInt optionalInt(Object value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(((Long) value).intValue());
    }

    private static List<Object> flows(List<FlowRecord> records) {
        List<Object> wire = new ArrayList<>(records.size());
        records.forEach(record -> wire.add(FlowWire.toWire(record)));
        return wire;
    }

    private static Map<String, Object> contact(SliceContacts.Contact contact, boolean emails) {
        Map<String, Object> wire = new SliceContact(Math.toIntExact(contact.sliceId()), contact.name(), contact.description(),
                contact.url(), contact.siteName(), names(contact.users()), names(contact.pis()), names(contact.techs())).toWire();
        if (emails) {
            wire.put("user_emails", contact.users().stream().map(SliceContacts.Person::email).toList());
            wire.put("pi_emails", contact.pis().stream().map(SliceContacts.Person::email).toList());
        }
        return wire;
    }

    private static List<String> names(List<SliceContacts.Person> persons) {
        return persons.stream().map(SliceContacts.Person::name).toList();
    }

    private static Map<String, Object> hour(FlowArchive.TrafficHour hour) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("hour", hour.hourMillis() / 1000);
        wire.put("bytes_out", hour.bytesOut());
        wire.put("bytes_in", hour.bytesIn());
        wire.put("packets_out", hour.packetsOut());
        wire.put("packets_in", hour.packetsIn());
        wire.put("flows", hour.flows());
        wire.put("destinations", hour.destinations());
        return wire;
    }

    private static Map<String, Object> talker(FlowArchive.TopTalker talker) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("slice_id", (long) talker.sliceId());
        wire.put("name", talker.sliceName());
        wire.put("bytes", talker.bytes());
        wire.put("packets", talker.packets());
        wire.put("flows", talker.flows());
        wire.put("destinations", talker.destinations());
        return wire;
    }

    private static Map<String, Object> complaint(Complaint complaint) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("complaint_id", complaint.complaintId());
        wire.put("slice_id", complaint.sliceId());
        wire.put("slice_name", complaint.sliceName());
        wire.put("node_id", complaint.nodeId());
        wire.put("reporter_name", complaint.reporterName());
        wire.put("reporter_email", complaint.reporterEmail());
        wire.put("text", complaint.text());
        wire.put("flow", FlowWire.toWire(complaint.flow()));
        wire.put("status", complaint.status().wireName());
        wire.put("note", complaint.note().orElse(null));
        wire.put("created", complaint.created());
        wire.put("last_updated", complaint.lastUpdated());
        wire.put("updated_by_person_id", complaint.updatedByPersonId().orElse(null));
        wire.put("reported_by_person_id", complaint.reportedByPersonId().orElse(null));
        wire.put("reported_by_node_id", complaint.reportedByNodeId().orElse(null));
        wire.put("notified", complaint.notified());
        wire.put("mailed", complaint.mailed());
        return wire;
    }
}
