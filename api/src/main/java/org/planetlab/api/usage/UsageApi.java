package org.planetlab.api.usage;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.DoubleType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.slice.SliceApi;

/**
 * Per-sliver resource usage: what each node reports of its slivers at a fixed interval, and what
 * PLC answers from the time series it keeps: a slice's usage across its nodes, a node's slices,
 * and the day's top consumers (the daily top-10 tables of the original PlanetLab).
 */
public final class UsageApi {
    private UsageApi() {}

    public static final String REPORT_USAGE = "ReportUsage";

    /** How often a node reports its slivers' usage, unless PLC's answer says otherwise. */
    public static final int DEFAULT_INTERVAL_SECONDS = 30;

    /** Counters and sizes beyond 2^62 are absurd values, not measurements. */
    private static final IntType COUNTER = new IntType(0, 1L << 62);

    /** One sliver's counters since it was created and its sizes now, as the node measured them. */
    public static final StructType SLIVER_USAGE = StructType.of("SliverUsage",
            writable("name", SliceApi.ANY_SLICE_NAME, "the sliver's name, its slice's name"),
            writable("cpu_ns", COUNTER, "CPU time used since the sliver was created, in nanoseconds"),
            writable("memory_bytes", COUNTER, "memory in use now"),
            writable("disk_bytes", COUNTER, "disk in use now"),
            writable("processes", new IntType(0, 10_000_000), "processes running now"),
            writable("bytes_sent", COUNTER, "bytes sent since the sliver's network was attached"),
            writable("packets_sent", COUNTER, "packets sent since then"),
            writable("bytes_received", COUNTER, "bytes received since then"),
            writable("packets_received", COUNTER, "packets received since then"),
            writable("ticket", BoolType.INSTANCE, "true for a sliver the node made from a ticket its slice's"
                    + " authority signed (RedeemTicket), which PLC's view of the node does not list; default false"))
            .requiring("name", "cpu_ns", "memory_bytes", "disk_bytes", "processes", "bytes_sent", "packets_sent",
                    "bytes_received", "packets_received");

    public static final StructType REPORT = StructType.of("UsageReport",
            writable("sent_at", IntType.TIMESTAMP, "when the node measured it, by its clock (Unix seconds)"),
            writable("agent_started", IntType.TIMESTAMP, "when this run of the node agent started (Unix seconds)"),
            writable("sequence", new IntType(1, Long.MAX_VALUE),
                    "numbers the reports of one run of the agent, from 1, always increasing; a report sent again"
                            + " keeps its number"),
            writable("slivers", new ArrayType(SLIVER_USAGE, 10_000), "each sliver the node runs for a PLC slice"))
            .requiring("sent_at", "agent_started", "sequence", "slivers");

    public static final StructType REPORT_ANSWER = StructType.of("UsageReportAnswer",
            readOnly("recorded", IntType.NON_NEGATIVE, "slivers recorded from this report"),
            readOnly("duplicate", BoolType.INSTANCE,
                    "true if this report had been recorded already (a resend): nothing was recorded again"),
            readOnly("interval_seconds", new IntType(1, 3600), "seconds until the next report is due"));

    /** Usage over a period, of one slice on one node or summed over nodes or slices. */
    public static final StructType USAGE = StructType.of("Usage",
            readOnly("slice_id", new NullableType(IntType.ID), "the slice; nil in a node's total"),
            readOnly("name", new NullableType(StringType.max(64)), "its name"),
            readOnly("node_id", new NullableType(IntType.ID), "the node; nil in a slice's total over its nodes"),
            readOnly("hostname", new NullableType(StringType.max(254)), "its host name"),
            readOnly("cpu_seconds", new DoubleType(0, Double.MAX_VALUE), "CPU time used in the period"),
            readOnly("memory_bytes", IntType.NON_NEGATIVE, "peak memory (summed over nodes: each node's peak)"),
            readOnly("disk_bytes", IntType.NON_NEGATIVE, "peak disk use (summed over nodes: each node's peak)"),
            readOnly("processes", IntType.NON_NEGATIVE, "peak processes (summed over nodes: each node's peak)"),
            readOnly("bytes_sent", IntType.NON_NEGATIVE, "bytes sent in the period"),
            readOnly("packets_sent", IntType.NON_NEGATIVE, "packets sent"),
            readOnly("bytes_received", IntType.NON_NEGATIVE, "bytes received"),
            readOnly("packets_received", IntType.NON_NEGATIVE, "packets received"),
            readOnly("bandwidth_bps", IntType.NON_NEGATIVE, "peak bits per second sent and received over one"
                    + " report interval (summed over nodes: each node's peak)"));

    public static final StructType SLICE_USAGE = StructType.of("SliceUsage",
            readOnly("slice_id", IntType.ID, "the slice"),
            readOnly("name", StringType.max(64), "its name"),
            readOnly("from", IntType.TIMESTAMP, "start of the period"),
            readOnly("until", IntType.TIMESTAMP, "end of the period"),
            readOnly("total", USAGE, "over all its nodes"),
            readOnly("nodes", ArrayType.of(USAGE), "each node it used, by node_id"));

    public static final StructType NODE_USAGE = StructType.of("NodeUsage",
            readOnly("node_id", IntType.ID, "the node"),
            readOnly("hostname", StringType.max(254), "its host name"),
            readOnly("from", IntType.TIMESTAMP, "start of the period"),
            readOnly("until", IntType.TIMESTAMP, "end of the period"),
            readOnly("slices", ArrayType.of(USAGE), "each slice the caller may see that used it, by slice_id"));

    public static final StringType METRIC = StringType.matching(10, "cpu|memory|bandwidth|bytes",
            "cpu, memory, bandwidth or bytes");

    public static final StructType TOP = StructType.of("TopConsumers",
            readOnly("metric", METRIC, "what the slices are ranked by"),
            readOnly("day", IntType.TIMESTAMP, "the day's start (UTC midnight, Unix seconds)"),
            readOnly("slices", ArrayType.of(USAGE), "the largest consumers first, summed over their nodes"));

    private static final String PERIOD_DOC = "Unix seconds; default: ";
    private static final String VISIBILITY = " Users see their own slices, PIs their sites' slices, operators every"
            + " slice. Samples are kept per five minutes, those older than usage.fine-retention-days per hour, for"
            + " usage.coarse-retention-days: a period counts the five-minute slots that start in it (whole hours of older samples).";

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder(REPORT_USAGE).roles(NODE)
                    .param("report", REPORT, "the node's slivers' counters")
                    .returns(REPORT_ANSWER, "what was recorded, and when the next report is due")
                    .help("A node reports, signed with its node key, the usage of each sliver it runs for a PLC slice:"
                            + " CPU time and traffic as counters since the sliver began, memory, disk and processes"
                            + " as they are now. PLC records the increase since the sliver's last report (a counter"
                            + " that went back means the sliver restarted: its value is the increase). A report"
                            + " sent again with the same sequence is answered as a duplicate and recorded once. A"
                            + " report that goes back in its run's sequence, was sent far from PLC's clock, names a"
                            + " sliver twice or a slice that does not have the node (a sliver made from a ticket: a slice"
                            + " that is not live), or holds impossible values is refused whole and nothing is recorded.")
                    .build(),
            MethodSpec.builder("GetSliceUsage").roles(ADMIN, PI, USER, TECH)
                    .param("slice_id_or_name", SliceApi.SLICE_REF, "the slice")
                    .optionalParam("from", new NullableType(IntType.TIMESTAMP), PERIOD_DOC + "a day ago")
                    .optionalParam("until", new NullableType(IntType.TIMESTAMP), PERIOD_DOC + "now")
                    .returns(SLICE_USAGE, "the slice's usage over the period, in total and per node")
                    .help("Returns what a slice used across its nodes over a period." + VISIBILITY)
                    .build(),
            MethodSpec.builder("GetNodeUsage").roles(ADMIN, PI, USER, TECH)
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .optionalParam("from", new NullableType(IntType.TIMESTAMP), PERIOD_DOC + "a day ago")
                    .optionalParam("until", new NullableType(IntType.TIMESTAMP), PERIOD_DOC + "now")
                    .returns(NODE_USAGE, "each slice's usage of the node over the period")
                    .help("Returns what each slice used on one node over a period. The node's site's technical"
                            + " contacts see every slice on it." + VISIBILITY)
                    .build(),
            MethodSpec.builder("GetTopConsumers").roles(ADMIN, PI, USER, TECH)
                    .param("metric", METRIC, "cpu (CPU seconds), memory (peak bytes), bandwidth (peak bits per"
                            + " second) or bytes (sent and received)")
                    .optionalParam("day", new NullableType(IntType.TIMESTAMP),
                            "any time in the day (UTC); default: today")
                    .optionalParam("limit", new IntType(1, 1000), "how many slices (default 10)")
                    .returns(TOP, "the day's largest consumers, largest first")
                    .help("Returns the day's top consumers across the testbed by CPU, memory, bandwidth or bytes,"
                            + " as the daily top-10 tables of the original PlanetLab did." + VISIBILITY)
                    .build());
}
