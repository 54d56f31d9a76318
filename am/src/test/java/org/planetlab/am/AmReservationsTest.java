package org.planetlab.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.am.testing.AmClient;
import org.planetlab.am.testing.AmTestbed;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.node.NodeRef;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.slice.SliceRef;
import org.planetlab.plc.testing.StoreKind;

/**
 * Advance reservations after Allocate: Provision's {@code geni_end_time} and Renew move the
 * slivers' leases on reservable nodes in the same change as the rest of the call (BUSY naming the
 * lease in the way, BADARGS past the credential, and nothing of a refused call remains); a
 * reservable node allocated without a window is refused unless the slice already holds a lease of it.
 */
class AmReservationsTest {
    private static final int SUCCESS = 0;
    private static final int BADARGS = 1;
    private static final int BUSY = 14;
    private static final int SEARCHFAILED = 12;
    private static final String RESERVABLE = "planetlab3.cs.princeton.edu";

    private final Map<String, List<Object>> credentials = new HashMap<>();
    private AmTestbed testbed;
    private AmTestbed.TestUser alice;
    private AmClient client;

    @Test
    void provisionAndRenewMoveTheWindowAndAReservableNodeNeedsOne() throws Exception {
        try (AmTestbed started = AmTestbed.start(StoreKind.SQLITE)) {
            testbed = started;
            alice = testbed.user("alice");
            client = testbed.client(alice);
            testbed.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of("princeton"), new NewNode(RESERVABLE, Optional.of("reservable"),
                    Optional.empty(), Optional.empty(), Optional.empty()));
            long granularity = testbed.plc().leases().granularity();
            Instant from = Instant.ofEpochSecond((testbed.clock().instant().getEpochSecond() / granularity + 2) * granularity);
            Instant until = from.plus(Duration.ofHours(2));

            // Without a window the sliver would never run on a reservable node: refused, naming the node, and nothing remains.
            AmClient.Result bare = call("Allocate", "moved", AmEndToEndTest.request(RESERVABLE), Map.of());
            assertThat(bare.geniCode()).isEqualTo(BADARGS);
            assertThat(bare.output()).contains(RESERVABLE + " is reservable").contains("geni_start_time");
            assertThat(call("Status", List.of(urn("moved")), Map.of()).geniCode()).isEqualTo(SEARCHFAILED);

            assertThat(reserve("moved", from, until).geniCode()).isEqualTo(SUCCESS);
            Instant afterFrom = until.plus(Duration.ofHours(1));
            assertThat(reserve("after", afterFrom, afterFrom.plus(Duration.ofHours(1))).geniCode()).isEqualTo(SUCCESS);

            // Provision's geni_end_time past the credential, or into the next slice's lease, is refused with nothing provisioned.
            AmClient.Result beyond = call("Provision", List.of(urn("moved")), Map.of("geni_end_time",
                    testbed.clock().instant().plus(Duration.ofDays(40)).toString()));
            assertThat(beyond.geniCode()).isEqualTo(BADARGS);
            assertThat(beyond.output()).contains("credential");
            AmClient.Result colliding = call("Provision", List.of(urn("moved")), Map.of("geni_end_time",
                    afterFrom.plus(Duration.ofMinutes(30)).toString()));
            assertThat(colliding.geniCode()).as(colliding.output()).isEqualTo(BUSY);
            assertThat(colliding.output()).contains("princeton_after");
            assertThat(status("moved")).containsEntry("geni_allocation_status", "geni_allocated")
                    .containsEntry("geni_end_time", until.toString());

            Instant longer = until.plusSeconds(granularity);
            AmClient.Result provisioned = call("Provision", List.of(urn("moved")), Map.of("geni_end_time", longer.toString()));
            assertThat(provisioned.geniCode()).as(provisioned.output()).isEqualTo(SUCCESS);
            assertThat(AmEndToEndTest.slivers(provisioned.struct()).getFirst()).containsEntry("geni_allocation_status", "geni_provisioned")
                    .containsEntry("geni_start_time", from.toString()).containsEntry("geni_end_time", longer.toString());

            // Renew moves the window with the slice; into another slice's lease it is BUSY and the slice keeps its expiry.
            long expires = plcSliceExpires("princeton_moved");
            AmClient.Result tooFar = client.call("Renew", List.of(urn("moved")), credentials("moved"),
                    afterFrom.plus(Duration.ofHours(1)).toString(), Map.of());
            assertThat(tooFar.geniCode()).as(tooFar.output()).isEqualTo(BUSY);
            assertThat(tooFar.output()).contains("princeton_after");
            assertThat(plcSliceExpires("princeton_moved")).isEqualTo(expires);
            assertThat(status("moved")).containsEntry("geni_end_time", longer.toString());
            AmClient.Result renewed = client.call("Renew", List.of(urn("moved")), credentials("moved"), afterFrom.toString(), Map.of());
            assertThat(renewed.geniCode()).as(renewed.output()).isEqualTo(SUCCESS);
            assertThat(renewed.list().getFirst()).containsEntry("geni_end_time", afterFrom.toString())
                    .containsEntry("geni_expires", afterFrom.toString());
            assertThat(plcSliceExpires("princeton_moved")).isEqualTo(afterFrom.getEpochSecond());

            // A slice that already holds a lease of the node (PLCAPI's AddLeases) may allocate it without a window.
            assertThat(call("Allocate", "leased", AmEndToEndTest.request(AmTestbed.NODE_1), Map.of()).geniCode()).isEqualTo(SUCCESS);
            Instant leasedFrom = afterFrom.plus(Duration.ofHours(2));
            testbed.plc().leases().addLeases(Caller.INTERNAL, List.of(NodeRef.of(RESERVABLE)), "princeton_leased",
                    leasedFrom.getEpochSecond(), leasedFrom.plus(Duration.ofHours(1)).getEpochSecond());
            AmClient.Result leased = call("Allocate", "leased", AmEndToEndTest.request(RESERVABLE), Map.of());
            assertThat(leased.geniCode()).as(leased.output()).isEqualTo(SUCCESS);
            assertThat(AmEndToEndTest.slivers(leased.struct()).getFirst()).containsEntry("geni_start_time", leasedFrom.toString());
        }
    }

    @Test
    void aRequestsLeaseElementsAskForTheWindowAsPlanetLabsSfaReadThem() throws Exception {
        try (AmTestbed started = AmTestbed.start(StoreKind.SQLITE)) {
            testbed = started;
            alice = testbed.user("alice");
            client = testbed.client(alice);
            testbed.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of("princeton"), new NewNode(RESERVABLE, Optional.of("reservable"),
                    Optional.empty(), Optional.empty(), Optional.empty()));
            long granularity = testbed.plc().leases().granularity();
            long from = (testbed.clock().instant().getEpochSecond() / granularity + 2) * granularity;
            String node = "urn:publicid:IDN+plc:princeton+node+" + RESERVABLE;

            // start_time in seconds since the epoch, duration in slots of the granularity: the lease PLC grants.
            AmClient.Result leased = call("Allocate", "slots", leaseRequest(urn("slots"), String.valueOf(from), "3", node), Map.of());
            assertThat(leased.geniCode()).as(leased.output()).isEqualTo(SUCCESS);
            assertThat(AmEndToEndTest.slivers(leased.struct()).getFirst())
                    .containsEntry("geni_start_time", Instant.ofEpochSecond(from).toString())
                    .containsEntry("geni_end_time", Instant.ofEpochSecond(from + 3 * granularity).toString());
            List<Long> slot = testbed.plc().database().read(handle -> handle.createQuery("SELECT l.t_until - l.t_from FROM leases l"
                    + " JOIN slices s ON s.slice_id = l.slice_id WHERE s.name = 'princeton_slots'").mapTo(Long.class).list());
            assertThat(slot).containsExactly(3 * granularity);

            // An RFC 3339 start over the first lease is BUSY, naming it; nothing of that Allocate remains.
            String rfc = Instant.ofEpochSecond(from + granularity).toString();
            AmClient.Result busy = call("Allocate", "late", leaseRequest(urn("late"), rfc, "1", node), Map.of());
            assertThat(busy.geniCode()).as(busy.output()).isEqualTo(BUSY);
            assertThat(call("Status", List.of(urn("late")), Map.of()).geniCode()).isEqualTo(SEARCHFAILED);

            // Leases that do not fit the request are refused with what is wrong.
            String later = String.valueOf(from + 10 * granularity);
            assertRefused(call("Allocate", "odd", leaseRequest(urn("other"), later, "1", node), Map.of()), "is not the slice allocated");
            assertRefused(call("Allocate", "odd", leaseRequest(urn("odd"), later, "1", "urn:publicid:IDN+plc:princeton+node+"
                    + AmTestbed.NODE_1), Map.of()), "must name exactly the request's nodes");
            assertRefused(call("Allocate", "odd", leaseRequest(urn("odd"), later, "0", node), Map.of()), "a positive number of slots");
            assertRefused(call("Allocate", "odd", leaseRequest(urn("odd"), "tomorrow", "1", node), Map.of()), "seconds since the epoch");
            assertRefused(call("Allocate", "odd", leaseRequest(urn("odd"), later, "1", node), Map.of("geni_end_time",
                    Instant.ofEpochSecond(from + 20 * granularity).toString())), "ask for the window one way");
            assertThat(call("Status", List.of(urn("odd")), Map.of()).geniCode()).isEqualTo(SEARCHFAILED);
        }
    }

    private static void assertRefused(AmClient.Result result, String reason) {
        assertThat(result.geniCode()).as(result.output()).isEqualTo(BADARGS);
        assertThat(result.output()).contains(reason);
    }

    /** A request for the reservable node with a {@code <lease>} of {@code leasedNode}, as PlanetLab's SFA wrote them. */
    private static String leaseRequest(String slice, String start, String slots, String leasedNode) {
        return "<rspec type=\"request\" xmlns=\"http://www.geni.net/resources/rspec/3\"><node client_id=\"n0\""
                + " component_id=\"urn:publicid:IDN+plc:princeton+node+" + RESERVABLE + "\" exclusive=\"false\"/>"
                + "<lease slice_id=\"" + slice + "\" start_time=\"" + start + "\" duration=\"" + slots + "\">"
                + "<node component_id=\"" + leasedNode + "\"/></lease></rspec>";
    }

    private AmClient.Result reserve(String slice, Instant start, Instant end) throws Exception {
        return call("Allocate", slice, AmEndToEndTest.request(RESERVABLE), Map.of("geni_start_time", start.toString(),
                "geni_end_time", end.toString()));
    }

    /** Allocate (slice name, rspec, options) or a call on URNs (urns, options), with the slice's credential. */
    private AmClient.Result call(String method, String slice, String rspec, Map<String, Object> options) throws Exception {
        return client.call(method, urn(slice), credentials(slice), rspec, options);
    }

    private AmClient.Result call(String method, List<String> urns, Map<String, Object> options) throws Exception {
        String slice = urns.getFirst().substring(urns.getFirst().lastIndexOf('+') + 1);
        return client.call(method, urns, credentials(slice), options);
    }

    private Map<String, Object> status(String slice) throws Exception {
        AmClient.Result status = call("Status", List.of(urn(slice)), Map.of());
        assertThat(status.geniCode()).as(status.output()).isEqualTo(SUCCESS);
        return AmEndToEndTest.slivers(status.struct()).getFirst();
    }

    private long plcSliceExpires(String name) {
        return testbed.plc().slices().slice(Caller.INTERNAL, SliceRef.of(name)).orElseThrow().expires();
    }

    /** Slice credentials made once per slice: each makes an RSA key for the slice's GID, which is slow. */
    private List<Object> credentials(String slice) {
        return credentials.computeIfAbsent(slice, name -> List.of(AmTestbed.sfa(testbed.sliceCredential(alice, name))));
    }

    private static String urn(String slice) {
        return AmTestbed.sliceUrn(slice).toString();
    }
}
