package org.planetlab.bench.portal;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.audit.FlowRecord;
import org.planetlab.plc.Bootstrap;
import org.planetlab.plc.DemoRegistry;
import org.planetlab.plc.Plc;
import org.planetlab.plc.audit.NewComplaint;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NodeDetails;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.slice.SliceDetails;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.testing.TestingClock;

/**
 * The registry the screenshots show: PLC's demo registry (a site with a PI, a tech and a user,
 * three nodes, a slice on them), an operator, usage the nodes reported every hour of the last
 * two days, and a complaint about the slice. The clock is moved through the two days while the
 * usage is reported and ends at the present.
 */
record ScreenshotRegistry(Map<String, String> passwords, long sliceId, long firstNodeId) {
    static final Duration HISTORY = Duration.ofHours(48);
    static final String OPERATOR = "operator@demo.example.org";

    ScreenshotRegistry {
        passwords = Map.copyOf(requireNonNull(passwords, "passwords is null"));
    }

    String password(String email) {
        String password = passwords.get(email);
        if (password == null) {
            throw new IllegalArgumentException("no demo account " + email);
        }
        return password;
    }

    static ScreenshotRegistry seed(Plc plc, TestingClock clock) {
        SecureRandom random = new SecureRandom();
        DemoRegistry.Credentials demo = new DemoRegistry(plc, random).seed(3);
        Map<String, String> passwords = new LinkedHashMap<>(demo.passwordsByEmail());
        passwords.put(OPERATOR, "operator-password-1");
        new Bootstrap(plc).createOperator(OPERATOR, passwords.get(OPERATOR), "Olive", "Operator");
        SliceDetails slice = plc.slices().slice(Caller.INTERNAL, SliceRef.of(demo.slice())).orElseThrow();
        List<NodeDetails> nodes = demo.nodes().stream()
                .map(hostname -> plc.nodes().node(NodeRef.of(hostname)).orElseThrow()).toList();
        reportUsage(plc, clock, slice.name(), nodes);
        complain(plc, slice, nodes.getFirst());
        return new ScreenshotRegistry(passwords, slice.sliceId(), nodes.getFirst().nodeId());
    }

    /** Every node reports the slice's counters once an hour, busier by day than by night. */
    private static void reportUsage(Plc plc, TestingClock clock, String slice, List<NodeDetails> nodes) {
        long agentStarted = clock.instant().getEpochSecond();
        List<long[]> counters = new ArrayList<>();
        nodes.forEach(node -> counters.add(new long[4]));
        for (int hour = 0; hour < HISTORY.toHours(); hour++) {
            clock.advance(Duration.ofHours(1));
            double load = 0.3 + 0.7 * Math.max(0, Math.sin(Math.PI * ((hour + 6) % 24) / 24.0));
            for (int index = 0; index < nodes.size(); index++) {
                NodeDetails node = nodes.get(index);
                long[] total = counters.get(index);
                total[0] += (long) (load * (index + 1) * 900e9);
                total[1] += (long) (load * (3 - index) * 40e6);
                total[2] += (long) (load * (index + 2) * 25e6);
                total[3] = 40_000_000L + index * 30_000_000L + (long) (load * 20e6);
                Map<String, Object> sliver = new LinkedHashMap<>();
                sliver.put("name", slice);
                sliver.put("cpu_ns", total[0]);
                sliver.put("memory_bytes", total[3]);
                sliver.put("disk_bytes", 120_000_000L);
                sliver.put("processes", 4L + index);
                sliver.put("bytes_sent", total[1]);
                sliver.put("packets_sent", total[1] / 900);
                sliver.put("bytes_received", total[2]);
                sliver.put("packets_received", total[2] / 700);
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("sent_at", clock.instant().getEpochSecond());
                report.put("agent_started", agentStarted);
                report.put("sequence", (long) hour + 1);
                report.put("slivers", List.of(sliver));
                plc.dispatcher().invokeAs(Caller.node(node.nodeId(), node.siteId(), "screenshots", Optional.empty()),
                        "ReportUsage", List.of(report));
            }
        }
        clock.advance(Duration.between(clock.instant(), Instant.now()));
    }

    private static void complain(Plc plc, SliceDetails slice, NodeDetails node) {
        long now = Instant.now().toEpochMilli();
        FlowRecord flow = new FlowRecord((int) node.nodeId(), (int) slice.sliceId(), slice.name(),
                FlowRecord.Direction.OUTBOUND, 6, now - 600_000, now - 590_000, "10.77.0.11", 40_000, "10.77.0.11",
                50_000, "192.0.2.7", 80, 1_200, 1_500_000, 900, 40_000, 0x1b, false);
        plc.audit().complaints().addComplaint(Caller.INTERNAL, new NewComplaint(slice.sliceId(), node.nodeId(),
                "Vic Victim", "abuse@victim.example", "Your node sends us a lot of HTTP requests.", flow));
    }
}
