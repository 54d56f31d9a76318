package org.planetlab.api.monitor;

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
import org.planetlab.api.site.SiteApi;

/**
 * Node health and availability: the heartbeat every node sends, each node's current state and
 * its history of up and down intervals, and uptime per node and per site over a period.
 */
public final class MonitorApi {
    private MonitorApi() {}

    public static final String REPORT_HEARTBEAT = "ReportHeartbeat";

    /** How often a node sends its heartbeat, by default. */
    public static final int HEARTBEAT_INTERVAL_SECONDS = 5;

    /** Largest memory or disk size a heartbeat may report: 1 EiB. */
    private static final long MAX_BYTES = 1L << 60;
    /** A clock offset beyond a day is an absurd value, not a skewed clock. */
    private static final long MAX_CLOCK_OFFSET_MS = 86_400_000L;

    /** What a node reports about itself; every field is required. */
    public static final StructType HEARTBEAT = StructType.of("Heartbeat",
            writable("sent_at", IntType.TIMESTAMP, "when the node sent it, by the node's clock (Unix seconds)"),
            writable("agent_started", IntType.TIMESTAMP, "when this run of the node agent started (Unix seconds)"),
            writable("sequence", new IntType(1, Long.MAX_VALUE),
                    "numbers the heartbeats of one run of the agent, from 1, always increasing"),
            writable("agent_version", StringType.nonEmpty(64), "the node agent's version"),
            writable("boot_state", StringType.matching(20, "boot|safeboot|reinstall|disabled|failboot",
                    "boot, safeboot, reinstall, disabled or failboot"), "the node's boot state"),
            writable("run_level", StringType.nonEmpty(20), "what the agent is doing, e.g. running or converging"),
            writable("load", new DoubleType(0, 1_000_000), "one-minute load average"),
            writable("memory_total", new IntType(0, MAX_BYTES), "bytes of memory"),
            writable("memory_free", new IntType(0, MAX_BYTES), "bytes of memory available"),
            writable("disk_total", new IntType(0, MAX_BYTES), "bytes of the slivers' file system"),
            writable("disk_free", new IntType(0, MAX_BYTES), "bytes free on it"),
            writable("slivers", new IntType(0, 1_000_000), "slivers the node runs"),
            writable("clock_offset_ms", new IntType(-MAX_CLOCK_OFFSET_MS, MAX_CLOCK_OFFSET_MS),
                    "the node clock's offset from its time source, in milliseconds"),
            writable("errors", new ArrayType(StringType.max(512), 20), "the most recent errors, newest last"))
            .requiring("sent_at", "agent_started", "sequence", "agent_version", "boot_state", "run_level", "load",
                    "memory_total", "memory_free", "disk_total", "disk_free", "slivers", "clock_offset_ms", "errors");

    public static final StructType HEARTBEAT_ANSWER = StructType.of("HeartbeatAnswer",
            readOnly("interval_seconds", new IntType(1, 3600), "seconds until the next heartbeat is due"),
            readOnly("time", IntType.TIMESTAMP, "PLC's clock when it accepted the heartbeat (Unix seconds)"));

    public static final StructType NODE_STATUS = StructType.of("NodeStatus",
            readOnly("node_id", IntType.ID, "the node"),
            readOnly("hostname", StringType.max(254), "its host name"),
            readOnly("site_id", IntType.ID, "its site"),
            readOnly("state", StringType.matching(10, "up|down|unknown", "up, down or unknown"),
                    "up, down, or unknown if it never sent a heartbeat"),
            readOnly("since", new NullableType(IntType.TIMESTAMP), "when it entered that state"),
            readOnly("reason", StringType.max(254), "why it is down, or why it came up"),
            readOnly("last_heartbeat", new NullableType(IntType.TIMESTAMP), "when PLC last heard its heartbeat"),
            readOnly("heartbeat", new NullableType(HEARTBEAT), "its last heartbeat, as sent"));

    public static final StructType INTERVAL = StructType.of("AvailabilityInterval",
            readOnly("up", BoolType.INSTANCE, "whether the node was up"),
            readOnly("start", IntType.TIMESTAMP, "when the interval began"),
            readOnly("end", new NullableType(IntType.TIMESTAMP), "when it ended; nil while it lasts"),
            readOnly("reason", StringType.max(254), "why: e.g. heartbeats resumed, no heartbeat for 20 s"));

    /** Uptime of one node over a period; time before its first heartbeat counts as unknown. */
    public static final StructType UPTIME = StructType.of("Uptime",
            readOnly("node_id", IntType.ID, "the node"),
            readOnly("hostname", StringType.max(254), "its host name"),
            readOnly("up_seconds", IntType.NON_NEGATIVE, "seconds up in the period"),
            readOnly("down_seconds", IntType.NON_NEGATIVE, "seconds down in the period"),
            readOnly("unknown_seconds", IntType.NON_NEGATIVE, "seconds of the period with no record"),
            readOnly("uptime", new NullableType(new DoubleType(0, 1)),
                    "up / (up + down); nil if nothing is known of the period"));

    public static final StructType HISTORY = StructType.of("NodeHistory",
            readOnly("node_id", IntType.ID, "the node"),
            readOnly("from", IntType.TIMESTAMP, "start of the period"),
            readOnly("until", IntType.TIMESTAMP, "end of the period"),
            readOnly("intervals", ArrayType.of(INTERVAL), "the intervals overlapping the period, oldest first"),
            readOnly("uptime", UPTIME, "the node's uptime over the period"));

    public static final StructType SITE_UPTIME = StructType.of("SiteUptime",
            readOnly("site_id", IntType.ID, "the site"),
            readOnly("from", IntType.TIMESTAMP, "start of the period"),
            readOnly("until", IntType.TIMESTAMP, "end of the period"),
            readOnly("up_seconds", IntType.NON_NEGATIVE, "node-seconds up, summed over the site's nodes"),
            readOnly("down_seconds", IntType.NON_NEGATIVE, "node-seconds down, summed"),
            readOnly("uptime", new NullableType(new DoubleType(0, 1)), "up / (up + down) over all its nodes"),
            readOnly("nodes", ArrayType.of(UPTIME), "each node's uptime"));

    public static final StructType NOTIFICATION_MAIL = StructType.of("NotificationMail",
            readOnly("recipients", ArrayType.of(StringType.max(254)), "who it is addressed to"),
            readOnly("subject", StringType.max(254), "its subject"),
            readOnly("sent_at", new NullableType(IntType.TIMESTAMP), "when the mail server took it; nil until then"),
            readOnly("cancelled_at", new NullableType(IntType.TIMESTAMP),
                    "when it was cancelled unsent because the node came back; nil if not"),
            readOnly("attempts", IntType.NON_NEGATIVE, "how often sending was tried"),
            readOnly("last_error", new NullableType(StringType.max(1000)), "why the last attempt failed, if it did"));

    /** One step the monitor took for a node that stayed down, or a usage notice to a slice past a threshold. */
    public static final StructType NOTIFICATION = StructType.of("Notification",
            readOnly("kind", StringType.matching(20, "escalation|usage", "escalation or usage"),
                    "an escalation step for a node that stayed down, or a usage notice for a sliver past its day's"
                            + " threshold"),
            readOnly("escalation_id", IntType.ID, "the step (escalations only)"),
            readOnly("notice_id", IntType.ID, "the notice (usage notices only)"),
            readOnly("node_id", IntType.ID, "the node that is (or was) down, or where the sliver used too much"),
            readOnly("hostname", StringType.max(254), "its host name"),
            readOnly("site_id", IntType.ID, "the node's site (escalations), the slice's site (usage notices)"),
            readOnly("slice_id", IntType.ID, "the slice past the threshold (usage notices only)"),
            readOnly("slice_name", StringType.max(64), "its name (usage notices only)"),
            readOnly("step", StringType.matching(20, "notify_tech|notify_pi|restrict_site|notify_usage",
                    "notify_tech, notify_pi, restrict_site or notify_usage"), "what was done: mailed the site's"
                    + " technical contacts, its PIs, took away the site's right to create slices, or told a slice's"
                    + " users and PIs of its usage"),
            readOnly("metric", StringType.max(20), "what passed the threshold: bytes or cpu_seconds (usage notices"
                    + " only)"),
            readOnly("amount", IntType.NON_NEGATIVE, "the sliver's use that day when noticed (usage notices only)"),
            readOnly("threshold", IntType.NON_NEGATIVE, "the threshold it passed (usage notices only)"),
            readOnly("down_since", IntType.TIMESTAMP, "when the outage began (escalations only)"),
            readOnly("raised_at", IntType.TIMESTAMP, "when the step was taken or the notice written"),
            readOnly("ended_at", new NullableType(IntType.TIMESTAMP), "when the node came back, or the notice's UTC"
                    + " day ended; nil until then"),
            readOnly("mail", ArrayType.of(NOTIFICATION_MAIL), "the mail the step (and the node's return) or the"
                    + " notice sent"));

    private static final String PERIOD_DOC = "Unix seconds; default: ";

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder(REPORT_HEARTBEAT).roles(NODE)
                    .param("heartbeat", HEARTBEAT, "the node's health")
                    .returns(HEARTBEAT_ANSWER, "when the next heartbeat is due, and PLC's clock, from which the node"
                            + " measures its clock offset")
                    .help("A node reports its health, every few seconds, signed with its node key. PLC keeps the"
                            + " latest heartbeat in memory, writes heartbeats in batches and records only"
                            + " transitions in the node's history: a node is up while it sends heartbeats in boot"
                            + " state 'boot', down when it is silent past the threshold or reports another boot"
                            + " state. A heartbeat that repeats or goes back in its run's sequence, was sent far"
                            + " from PLC's clock, or reports impossible values is refused and nothing is recorded.")
                    .build(),
            MethodSpec.builder("GetNodeStatus").roles(ADMIN, PI, USER, TECH)
                    .optionalParam("node_id_or_hostname_list", new NullableType(new ArrayType(NodeApi.NODE_REF, 10_000)),
                            "the nodes; nil for every node")
                    .returns(ArrayType.of(NODE_STATUS), "each node's state and last heartbeat, by node_id")
                    .help("Returns whether nodes are up, since when and why, with their last heartbeat.")
                    .build(),
            MethodSpec.builder("GetNodeHistory").roles(ADMIN, PI, USER, TECH)
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .optionalParam("from", new NullableType(IntType.TIMESTAMP), PERIOD_DOC + "a week ago")
                    .optionalParam("until", new NullableType(IntType.TIMESTAMP), PERIOD_DOC + "now")
                    .returns(HISTORY, "the node's up and down intervals in the period, and its uptime")
                    .help("Returns a node's availability history: up and down intervals with their reasons.")
                    .build(),
            MethodSpec.builder("GetSiteUptime").roles(ADMIN, PI, USER, TECH)
                    .param("site_id_or_login_base", SiteApi.SITE_REF, "the site")
                    .optionalParam("from", new NullableType(IntType.TIMESTAMP), PERIOD_DOC + "a week ago")
                    .optionalParam("until", new NullableType(IntType.TIMESTAMP), PERIOD_DOC + "now")
                    .returns(SITE_UPTIME, "the site's uptime and each of its nodes'")
                    .help("Returns the uptime of a site's nodes over a period: up / (up + down), time without"
                            + " any record left out.")
                    .build(),
            MethodSpec.builder("GetNotifications").roles(ADMIN, PI, TECH)
                    .optionalParam("site_id_or_login_base", new NullableType(SiteApi.SITE_REF),
                            "one site; nil for every site the caller may see")
                    .optionalParam("open_only", BoolType.INSTANCE, "only steps of nodes still down and today's usage"
                            + " notices (default false)")
                    .returns(ArrayType.of(NOTIFICATION), "the steps and notices, newest first, at most 1000")
                    .help("Returns what the monitor did about nodes that stayed down: the mail to a site's technical"
                            + " contacts (after monitor.notify-tech-after-hours, a day by default), to its PIs (after"
                            + " monitor.notify-pi-after-hours, three days), and the site's loss of the right to create"
                            + " new slices (after monitor.restrict-site-after-hours, a week) until the node is back;"
                            + " with the state of each mail. Also the usage notices: a sliver past its day's threshold"
                            + " of bytes or CPU time, told to the slice's users and PIs (usage.notify-bytes-per-day,"
                            + " usage.notify-cpu-seconds-per-day). Operators see every site's, PIs and technical"
                            + " contacts their own sites' (a notice is the slice's site's and the node's).")
                    .build());
}
