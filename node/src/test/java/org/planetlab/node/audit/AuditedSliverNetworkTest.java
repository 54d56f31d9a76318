package org.planetlab.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.net.PortReservation;
import org.planetlab.node.net.SliverNetworkHandle;
import org.planetlab.node.net.SliverNetworkSpec;

class AuditedSliverNetworkTest {
    private static final String PLC_SERVICE = "plc.scs";
    /** A node whose tools all succeed and change nothing: each reads its input and exits. */
    private static final HostCommand QUIET_NODE = new HostCommand(List.of("sh", "-c", "cat >/dev/null", "tool"), Duration.ofSeconds(10));

    @TempDir
    Path directory;

    @Test
    void aSliverMissingFromOneReadingOfTheVethCountersKeepsItsMarkAndOnlyADetachedOneLosesIt() throws UnknownHostException {
        AuditSettings settings = AuditSettings.read(Map.of("node-id", "7", "public-address", "10.254.0.1",
                "audit-dir", directory.toString(), "table", "planetlab_audit"));
        FlowStore store = new FlowStore(directory.resolve("flows"), Clock.systemUTC(), settings.retention(), settings.budgetBytes());
        FlowCapture capture = new FlowCapture(settings, QUIET_NODE, store, Clock.systemUTC());
        AttachedSlivers network = new AttachedSlivers();
        network.handles.put("alpha", handle("alpha", "10.0.0.2", "plv1"));
        network.handles.put("beta", handle("beta", "10.0.0.3", "plv2"));
        AuditedSliverNetwork audited = new AuditedSliverNetwork(network, capture, sliver -> OptionalInt.empty(), PLC_SERVICE);
        List<SliverNetworkSpec> both = List.of(spec("alpha", 11), spec("beta", 22));
        try {
            audited.reconcile(both);
            Map<String, SliverMark> marked = capture.attached();
            assertThat(marked).containsOnlyKeys("alpha", "beta");

            // Statistics say nothing about which slivers are attached: beta keeps its mark.
            network.missingFromCounters.add("beta");
            audited.reconcile(both);
            assertThat(capture.attached()).as("the same marks, none taken away or given anew").isEqualTo(marked);

            audited.reconcile(List.of(spec("alpha", 11)));
            assertThat(capture.attached()).containsOnlyKeys("alpha").containsEntry("alpha", marked.get("alpha"));
        } finally {
            audited.close();
            store.close();
        }
    }

    private static SliverNetworkHandle handle(String sliver, String address, String device) throws UnknownHostException {
        return new SliverNetworkHandle(sliver, Path.of("/run/netns", sliver), InetAddress.getByName(address), device);
    }

    private static SliverNetworkSpec spec(String sliver, long sliceId) {
        return new SliverNetworkSpec(sliver, 1, 0, 0, 0, false, sliceId, PLC_SERVICE, PortReservation.NONE);
    }
}
