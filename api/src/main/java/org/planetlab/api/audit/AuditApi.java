package org.planetlab.api.audit;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.slice.SliceApi;

/**
 * Flow auditing at PLC: nodes upload their flow records, anyone with a complaint learns which
 * slice sent a flow and who answers for it, and complaints are recorded and mailed to them.
 */
public final class AuditApi {
    private AuditApi() {}

    public static final String UPLOAD_FLOWS = "UploadFlows";
    public static final String GET_SLICE_CONTACTS = "GetSliceContacts";
    public static final String ADD_COMPLAINT = "AddComplaint";

    /** The longest complaint text. */
    public static final int MAX_COMPLAINT_TEXT = 4_000;
    /** The most flows one flow query answers. */
    public static final int MAX_FLOWS = 10_000;

    public static final StringType ADDRESS = StringType.matching(45, "[0-9a-fA-F:.]{2,45}",
            "an IPv4 or IPv6 address literal, e.g. 192.0.2.7 or 2001:db8::7");
    public static final StringType STATUS = StringType.matching(10, "open|answered|closed",
            "open, answered or closed");

    public static final StructType UPLOADED = StructType.of("Upload",
            readOnly("sequence", IntType.ID, "the batch's number"),
            readOnly("stored", IntType.NON_NEGATIVE, "records stored by this call"),
            readOnly("duplicate", BoolType.INSTANCE, "true if the batch was stored before; nothing was stored again"));

    public static final StructType SLICE_CONTACT = StructType.of("SliceContact",
            readOnly("slice_id", IntType.ID, "the slice"),
            readOnly("name", StringType.max(64), "its name"),
            readOnly("description", StringType.max(2048), "what it does"),
            readOnly("url", StringType.max(254), "its page"),
            readOnly("site_name", StringType.max(254), "the site that answers for it"),
            readOnly("users", ArrayType.of(StringType.max(256)), "its users' full names"),
            readOnly("pis", ArrayType.of(StringType.max(256)), "its site's PIs' full names"),
            readOnly("techs", ArrayType.of(StringType.max(256)), "its site's technical contacts' full names"),
            readOnly("user_emails", ArrayType.of(StringType.max(254)),
                    "WhoSentThis, operators only: the users' addresses"),
            readOnly("pi_emails", ArrayType.of(StringType.max(254)),
                    "WhoSentThis, operators only: the PIs' addresses"));

    public static final StructType FLOW = StructType.of("Flow",
            readOnly(FlowWire.NODE_ID, IntType.ID, "the node that recorded it"),
            readOnly(FlowWire.SLICE_ID, IntType.ID, "the slice"),
            readOnly(FlowWire.SLICE_NAME, StringType.max(64), "the slice's name"),
            readOnly(FlowWire.DIRECTION, StringType.max(8), "outbound (the sliver opened it) or inbound"),
            readOnly(FlowWire.PROTOCOL, IntType.NON_NEGATIVE, "IP protocol: 6 TCP, 17 UDP, 1 ICMP, ..."),
            readOnly(FlowWire.START, IntType.NON_NEGATIVE, "first packet, ms since the epoch"),
            readOnly(FlowWire.END, IntType.NON_NEGATIVE, "last packet, ms since the epoch"),
            readOnly(FlowWire.SLIVER_ADDRESS, ADDRESS, "the sliver's address"),
            readOnly(FlowWire.SLIVER_PORT, IntType.NON_NEGATIVE, "the sliver's port"),
            readOnly(FlowWire.PUBLIC_ADDRESS, ADDRESS, "the node's public address"),
            readOnly(FlowWire.PUBLIC_PORT, IntType.NON_NEGATIVE, "the port outside the node"),
            readOnly(FlowWire.REMOTE_ADDRESS, ADDRESS, "the other end"),
            readOnly(FlowWire.REMOTE_PORT, IntType.NON_NEGATIVE, "the other end's port (ICMP: type*256+code)"),
            readOnly(FlowWire.PACKETS_OUT, IntType.NON_NEGATIVE, "packets from the sliver"),
            readOnly(FlowWire.BYTES_OUT, IntType.NON_NEGATIVE, "bytes from the sliver"),
            readOnly(FlowWire.PACKETS_IN, IntType.NON_NEGATIVE, "packets to the sliver"),
            readOnly(FlowWire.BYTES_IN, IntType.NON_NEGATIVE, "bytes to the sliver"),
            readOnly(FlowWire.TCP_FLAGS, IntType.NON_NEGATIVE, "TCP flags seen"),
            readOnly(FlowWire.DROPPED, BoolType.INSTANCE, "whether the node's filters dropped it"));

    public static final StructType WHO_SENT_THIS = StructType.of("WhoSentThis",
            writable("remote_address", ADDRESS, "the address that received (or sent) the traffic"),
            writable("start", IntType.TIMESTAMP, "the window's start, seconds since the epoch"),
            writable("end", IntType.TIMESTAMP, "the window's end, seconds since the epoch"),
            writable("remote_port", new IntType(0, 65_535), "only flows to or from this port there"),
            writable("protocol", new IntType(0, 255), "only this IP protocol (6 TCP, 17 UDP, 1 ICMP)"),
            writable("node_id", IntType.ID, "only flows of this node"),
            writable("limit", new IntType(1, MAX_FLOWS), "the most flows to answer (100 if left out)"))
            .requiring("remote_address", "start", "end");

    public static final StructType WHO_SENT_THIS_ANSWER = StructType.of("WhoSentThisAnswer",
            readOnly("flows", ArrayType.of(FLOW), "the matching flows, newest first"),
            readOnly("slices", ArrayType.of(SLICE_CONTACT), "each slice those flows belong to, and who answers for it"));

    public static final StructType TRAFFIC_HOUR = StructType.of("TrafficHour",
            readOnly("hour", IntType.TIMESTAMP, "the hour's start, seconds since the epoch"),
            readOnly("bytes_out", IntType.NON_NEGATIVE, "bytes the slice sent"),
            readOnly("bytes_in", IntType.NON_NEGATIVE, "bytes the slice received"),
            readOnly("packets_out", IntType.NON_NEGATIVE, "packets the slice sent"),
            readOnly("packets_in", IntType.NON_NEGATIVE, "packets the slice received"),
            readOnly("flows", IntType.NON_NEGATIVE, "flow records"),
            readOnly("destinations", IntType.NON_NEGATIVE, "distinct remote addresses"));

    public static final StructType TOP_TALKER = StructType.of("TopTalker",
            readOnly("slice_id", IntType.ID, "the slice"),
            readOnly("name", StringType.max(64), "its name"),
            readOnly("bytes", IntType.NON_NEGATIVE, "bytes sent and received"),
            readOnly("packets", IntType.NON_NEGATIVE, "packets sent and received"),
            readOnly("flows", IntType.NON_NEGATIVE, "flow records"),
            readOnly("destinations", IntType.NON_NEGATIVE, "distinct remote addresses"));

    public static final StructType COMPLAINT = StructType.of("Complaint",
            readOnly("complaint_id", IntType.ID, "complaint identifier"),
            writable("slice_id", IntType.ID, "the slice whose traffic it is about"),
            writable("node_id", IntType.ID, "the node that sent the traffic"),
            writable("reporter_name", StringType.nonEmpty(128), "who complains"),
            writable("reporter_email", StringType.matching(254, "[^\\s@]{1,64}@[^\\s@]{1,189}",
                    "a mail address"), "where to answer them"),
            writable("text", StringType.nonEmpty(MAX_COMPLAINT_TEXT), "what happened, in their words"),
            writable("flow", AnyType.struct("a Flow struct"), "the flow complained about, as GetSliceFlows returns it"),
            readOnly("slice_name", StringType.max(64), "the slice's name"),
            readOnly("status", STATUS, "open, answered or closed"),
            readOnly("note", new NullableType(StringType.max(MAX_COMPLAINT_TEXT)), "the last note of who handled it"),
            readOnly("created", IntType.TIMESTAMP, "when it was filed"),
            readOnly("last_updated", IntType.TIMESTAMP, "when its status last changed"),
            readOnly("updated_by_person_id", new NullableType(IntType.ID), "who last changed its status"),
            readOnly("reported_by_person_id", new NullableType(IntType.ID), "the person who filed it, if any"),
            readOnly("reported_by_node_id", new NullableType(IntType.ID), "the node that relayed it, if any"),
            readOnly("notified", ArrayType.of(StringType.max(254)), "the addresses it was mailed to"),
            readOnly("mailed", BoolType.INSTANCE, "whether the mail server has taken the mail"));

    public static final StructType COMPLAINT_FILTER = StructType.of("ComplaintFilter",
            writable("complaint_id", IntType.ID, "one complaint"),
            writable("slice_id", IntType.ID, "one slice's complaints"),
            writable("status", STATUS, "only complaints in this status"),
            writable("limit", new IntType(1, 1_000), "the most to answer, newest first (100 if left out)"));

    public static final StructType COMPLAINT_UPDATE = StructType.of("ComplaintUpdate",
            writable("status", STATUS, "the new status"),
            writable("note", StringType.max(MAX_COMPLAINT_TEXT), "what was done or answered"))
            .requiring("status");

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder(UPLOAD_FLOWS).roles(NODE)
                    .param("batch", AnyType.struct("a FlowBatch struct"),
                            "{node_id, sequence, records: [flow]}; see FlowWire for the record's fields")
                    .returns(UPLOADED, "what was stored")
                    .help("Stores a node's batch of flow records in PLC's flow archive. Nodes number their batches"
                            + " from 1; a batch already stored is answered {duplicate: true} and stored no second"
                            + " time, so a node resends a batch until it has an answer. A node uploads only its own"
                            + " records, of slices PLC knows under that id and name, ending at most 5 minutes in the"
                            + " future and starting within the archive's retention; a batch numbered far beyond the"
                            + " node's highest, or numbered like a stored batch but with other records, is refused."
                            + " A refused batch stores nothing.")
                    .build(),
            MethodSpec.builder(GET_SLICE_CONTACTS).roles(ADMIN, PI, USER, TECH, NODE)
                    .param("slice_ids", new ArrayType(IntType.ID, 1_000), "the slices, by id")
                    .returns(ArrayType.of(SLICE_CONTACT), "who answers for each slice, deleted slices included")
                    .help("Returns who answers for each slice: its description and URL, its site, and the full"
                            + " names of its users and of its site's PIs and technical contacts. Nodes show these on"
                            + " their audit page, so the answer has no mail addresses (mail to them goes through"
                            + " AddComplaint). Persons other than operators see the slices of their own sites and those"
                            + " they belong to.")
                    .build(),
            MethodSpec.builder("WhoSentThis").roles(ADMIN, PI)
                    .param("query", WHO_SENT_THIS, "{remote_address, start, end, remote_port?, protocol?, node_id?,"
                            + " limit?}")
                    .returns(WHO_SENT_THIS_ANSWER, "the flows and who answers for them")
                    .help("Answers \"who sent this?\": the flows of every node to or from remote_address that"
                            + " overlap the window (at most 400 days), newest first, each with its slice, and for"
                            + " each slice its users and PIs. Operators also see their mail addresses.")
                    .build(),
            MethodSpec.builder("GetSliceTraffic").roles(ADMIN, PI, USER)
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .param("start", IntType.TIMESTAMP, "the window's start, seconds since the epoch")
                    .param("end", IntType.TIMESTAMP, "the window's end, seconds since the epoch")
                    .returns(ArrayType.of(TRAFFIC_HOUR), "one entry per hour with traffic, oldest first")
                    .help("Returns a slice's traffic per hour: bytes and packets each way, flow records and distinct"
                            + " destinations. Operators see every slice, PIs their sites' slices, users their own.")
                    .build(),
            MethodSpec.builder("GetTopTalkers").roles(ADMIN, PI)
                    .param("start", IntType.TIMESTAMP, "the window's start, seconds since the epoch")
                    .param("end", IntType.TIMESTAMP, "the window's end, seconds since the epoch")
                    .optionalParam("limit", new NullableType(new IntType(1, 1_000)), "how many slices (20 if nil)")
                    .returns(ArrayType.of(TOP_TALKER), "the slices, most bytes first")
                    .help("Returns the slices with the most traffic in a window. Operators rank every slice, PIs"
                            + " their sites' slices.")
                    .build(),
            MethodSpec.builder("GetSliceFlows").roles(ADMIN, PI, USER)
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .param("start", IntType.TIMESTAMP, "the window's start, seconds since the epoch")
                    .param("end", IntType.TIMESTAMP, "the window's end, seconds since the epoch")
                    .optionalParam("limit", new NullableType(new IntType(1, MAX_FLOWS)), "the most flows (100 if nil)")
                    .returns(ArrayType.of(FLOW), "the slice's flows, newest first")
                    .help("Returns the flows of one slice in a window. Operators see every slice, PIs their sites'"
                            + " slices, users their own.")
                    .build(),
            MethodSpec.builder(ADD_COMPLAINT).roles(ADMIN, PI, USER, TECH, NODE).mutates()
                    .param("complaint", COMPLAINT.writable().requiring("slice_id", "node_id", "reporter_name",
                            "reporter_email", "text", "flow"), "the complaint")
                    .returns(IntType.ID, "the new complaint_id")
                    .help("Records a complaint about a flow and mails it, with the flow's details, to the slice's"
                            + " users, its site's PIs and technical contacts, and PLC's support address. Nodes file"
                            + " complaints for the anonymous reporters of their audit page, about their own flows."
                            + " Limited per node and per reporter per hour.")
                    .build(),
            MethodSpec.builder("GetComplaints").roles(ADMIN, PI)
                    .optionalParam("complaint_filter", new NullableType(COMPLAINT_FILTER),
                            "{complaint_id?, slice_id?, status?, limit?}; nil for the newest")
                    .returns(ArrayType.of(COMPLAINT), "the complaints, newest first")
                    .help("Returns complaints: operators see all, PIs those about their sites' slices.")
                    .build(),
            MethodSpec.builder("UpdateComplaint").roles(ADMIN, PI).mutates()
                    .param("complaint_id", IntType.ID, "the complaint")
                    .param("complaint_fields", COMPLAINT_UPDATE, "{status, note?}")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Sets a complaint's status (open, answered, closed) with a note; PLC records who changed"
                            + " it and when. Operators may change every complaint, PIs those about their sites'"
                            + " slices.")
                    .build());
}
