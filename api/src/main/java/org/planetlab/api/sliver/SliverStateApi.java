package org.planetlab.api.sliver;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.slice.SliceApi;

/**
 * Where each sliver of a slice is on its node: being built (its image or package layer is being
 * made), failed (with the node's reason), running or stopped. Nodes report the state of all their
 * slivers at once, whenever it changes and at an interval PLC's answer sets; PLC keeps the last
 * report of each node and answers a slice's users, its site's PIs and operators.
 */
public final class SliverStateApi {
    private SliverStateApi() {}

    public static final String REPORT_SLIVER_STATES = "ReportSliverStates";
    public static final String GET_SLIVER_STATES = "GetSliverStates";

    /** How often a node reports its slivers' states even when nothing changed, unless PLC says otherwise. */
    public static final int DEFAULT_INTERVAL_SECONDS = 300;

    /** The longest reason kept: apt's last lines fit, a flood does not. */
    public static final int REASON_MAX_LENGTH = 2000;

    /** What a node reports of one sliver. */
    public static final StringType REPORTED_STATE = StringType.matching(10, "building|failed|running|stopped",
            "building, failed, running or stopped");

    /** What PLC answers: a reported state, or unknown for a node that did not report the sliver. */
    public static final StringType STATE = StringType.matching(10, "building|failed|running|stopped|unknown",
            "building, failed, running, stopped or unknown");

    public static final StructType SLIVER_STATE = StructType.of("SliverState",
            writable("name", SliceApi.ANY_SLICE_NAME, "the sliver's name, its slice's name"),
            writable("state", REPORTED_STATE, "building: its image is being made and nothing of it runs yet; failed: it"
                    + " could not be made (reason says why) and nothing of it runs; running; stopped"),
            writable("reason", StringType.max(REASON_MAX_LENGTH), "why it is in that state, in the node's words; empty"
                    + " for a sliver running normally"),
            writable("since", IntType.TIMESTAMP, "since when it is in that state, by the node's clock (Unix seconds)"))
            .requiring("name", "state", "reason", "since");

    public static final StructType REPORT = StructType.of("SliverStateReport",
            writable("sent_at", IntType.TIMESTAMP, "when the node took the states, by its clock (Unix seconds)"),
            writable("agent_started", IntType.TIMESTAMP, "when this run of the node agent started (Unix seconds)"),
            writable("sequence", new IntType(1, Long.MAX_VALUE),
                    "numbers the reports of one run of the agent, from 1, always increasing; a report sent again"
                            + " keeps its number"),
            writable("slivers", new ArrayType(SLIVER_STATE, 10_000),
                    "every sliver the node has or tries to make for a PLC slice; one not listed is not on the node"))
            .requiring("sent_at", "agent_started", "sequence", "slivers");

    public static final StructType REPORT_ANSWER = StructType.of("SliverStateReportAnswer",
            readOnly("recorded", IntType.NON_NEGATIVE, "slivers whose state was recorded"),
            readOnly("ignored", ArrayType.of(StringType.max(64)),
                    "slivers named in the report of slices that do not have the node (any more): not recorded"),
            readOnly("duplicate", BoolType.INSTANCE, "true if this report had been recorded already: nothing changed"),
            readOnly("interval_seconds", new IntType(1, 86_400),
                    "seconds until the next report is due if no state changes before"));

    public static final StructType NODE_SLIVER = StructType.of("NodeSliverState",
            readOnly("node_id", IntType.ID, "a node of the slice"),
            readOnly("hostname", StringType.max(254), "its host name"),
            readOnly("state", STATE, "the sliver's state as the node last reported it; unknown if the node has not"
                    + " reported the slice's sliver (not made yet, or the node has not reported since it got the slice)"),
            readOnly("reason", StringType.max(REASON_MAX_LENGTH), "why, in the node's words"),
            readOnly("since", new NullableType(IntType.TIMESTAMP), "since when, by the node's clock; nil if unknown"),
            readOnly("reported", new NullableType(IntType.TIMESTAMP),
                    "when PLC received the node's last report of its slivers; nil if never"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder(REPORT_SLIVER_STATES).roles(NODE)
                    .param("report", REPORT, "the state of every sliver the node has or tries to make")
                    .returns(REPORT_ANSWER, "what was recorded, and when the next report is due")
                    .help("A node reports, signed with its node key, the state of every sliver it has or is trying to"
                            + " make for a PLC slice: building, failed (with the reason, such as a package build that"
                            + " failed), running or stopped. The report replaces the node's last one. A report sent"
                            + " again with the same sequence is a duplicate; one that goes back in its run's sequence,"
                            + " was sent far from PLC's clock, names a sliver twice or holds impossible values is"
                            + " refused whole. Slivers of slices that do not have the node are listed as ignored.")
                    .build(),
            MethodSpec.builder(GET_SLIVER_STATES).roles(ADMIN, PI, USER)
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .returns(ArrayType.of(NODE_SLIVER), "each node of the slice with its sliver's state, by node_id")
                    .help("Returns the state of a slice's sliver on each of its nodes, as the nodes last reported it:"
                            + " building, failed with the node's reason, running, stopped, or unknown. Users see their"
                            + " own slices, PIs their sites' slices, operators every slice.")
                    .build());
}
