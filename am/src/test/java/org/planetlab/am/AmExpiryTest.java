package org.planetlab.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.planetlab.am.credential.Privilege;
import org.planetlab.am.testing.AmClient;
import org.planetlab.am.testing.AmTestbed;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.lease.LeaseDetails;
import org.planetlab.plc.node.NewNode;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.testing.StoreKind;

/**
 * Time in the AM API: allocations lapse and give their leases back, credentials expire
 * (FORBIDDEN), slices expire (EXPIRED) and their slivers' records go with them.
 */
class AmExpiryTest {
    private static final int FORBIDDEN = 3;
    private static final int SEARCHFAILED = 12;
    private static final int EXPIRED = 15;

    @Test
    void allocationsLapseCredentialsAndSlicesExpire() throws Exception {
        try (AmTestbed testbed = AmTestbed.start(StoreKind.SQLITE)) {
            AmTestbed.TestUser alice = testbed.user("alice");
            AmClient client = testbed.client(alice);
            List<Object> month = List.of(AmTestbed.sfa(testbed.sliceCredential(alice, "codeen", Duration.ofDays(30),
                    List.of(new Privilege("refresh", true), new Privilege("info", true)))));
            List<Object> hour = List.of(AmTestbed.sfa(testbed.sliceCredential(alice, "codeen", Duration.ofHours(1),
                    List.of(new Privilege("refresh", true), new Privilege("info", true)))));
            String slice = AmTestbed.sliceUrn("codeen").toString();

            // An allocation that is not provisioned lapses after ten minutes.
            AmClient.Result allocated = client.call("Allocate", slice, month, AmEndToEndTest.request(AmTestbed.NODE_1), Map.of());
            assertThat(allocated.geniCode()).as(allocated.toString()).isZero();
            Instant lapses = Instant.parse((String) AmEndToEndTest.slivers(allocated.struct()).getFirst().get("geni_expires"));
            assertThat(lapses).isBetween(testbed.clock().instant().plusSeconds(590), testbed.clock().instant().plusSeconds(601));
            // An advance reservation made with an allocation that lapses goes back with it, through PLC's mutation path.
            String reservable = "planetlab3.cs.princeton.edu";
            testbed.plc().nodes().addNode(Caller.INTERNAL, SiteRef.of("princeton"), new NewNode(reservable, Optional.of("reservable"),
                    Optional.empty(), Optional.empty(), Optional.empty()));
            long granularity = testbed.plc().leases().granularity();
            Instant from = Instant.ofEpochSecond((testbed.clock().instant().getEpochSecond() / granularity + 2) * granularity);
            Map<String, Object> window = Map.of("geni_start_time", from.toString(), "geni_end_time", from.plus(Duration.ofHours(1)).toString());
            AmClient.Result reserved = client.call("Allocate", slice, month, AmEndToEndTest.request(reservable), window);
            assertThat(reserved.geniCode()).as(reserved.toString()).isZero();
            long sliceId = AmEndToEndTest.plcSlice(testbed).sliceId();
            assertThat(testbed.giveBackLapsedAllocations()).as("nothing has lapsed yet").isEmpty();
            testbed.clock().advance(Duration.ofMinutes(11));
            // The aggregate's own timer may get there first; either way the lease and the record are gone.
            testbed.giveBackLapsedAllocations();
            assertThat(leases(testbed, sliceId)).isEmpty();
            assertThat(sliverRows(testbed, sliceId)).isZero();
            assertThat(client.call("Provision", List.of(slice), month, Map.of()).geniCode()).isEqualTo(SEARCHFAILED);
            List<Object> other = List.of(AmTestbed.sfa(testbed.sliceCredential(alice, "other")));
            assertThat(client.call("Allocate", AmTestbed.sliceUrn("other").toString(), other, AmEndToEndTest.request(reservable), window)
                    .geniCode()).as("the window is free again").isZero();

            // Once provisioned, slivers live as long as the slice.
            assertThat(client.call("Allocate", slice, month, AmEndToEndTest.request(AmTestbed.NODE_1), Map.of()).geniCode()).isZero();
            assertThat(client.call("Provision", List.of(slice), month, Map.of()).geniCode()).isZero();

            // An expired credential is refused.
            testbed.clock().advance(Duration.ofHours(2));
            AmClient.Result stale = client.call("Status", List.of(slice), hour, Map.of());
            assertThat(stale.geniCode()).isEqualTo(FORBIDDEN);
            assertThat(stale.output()).contains("expired at");

            // PLC gives a new slice two weeks; after that the slice has expired, before and after PLC deletes it.
            testbed.clock().advance(Duration.ofDays(15));
            AmClient.Result expired = client.call("Status", List.of(slice), month, Map.of());
            assertThat(expired.geniCode()).as(expired.toString()).isEqualTo(EXPIRED);
            assertThat(sliverRows(testbed, sliceId)).isOne();
            testbed.plc().expireSlices();
            assertThat(sliverRows(testbed, sliceId)).as("the aggregate's slivers go with the slice").isZero();
            assertThat(client.call("Status", List.of(slice), month, Map.of()).geniCode()).isEqualTo(EXPIRED);
            assertThat(client.call("Renew", List.of(slice), month, testbed.clock().instant().plus(Duration.ofDays(1)).toString(), Map.of())
                    .geniCode()).isEqualTo(EXPIRED);
            AmClient.Result sliver = client.call("Status", List.of((String) AmEndToEndTest.slivers(allocated.struct()).getFirst()
                    .get("geni_sliver_urn")), month, Map.of());
            assertThat(sliver.geniCode()).isEqualTo(SEARCHFAILED);
        }
    }

    private static List<LeaseDetails> leases(AmTestbed testbed, long sliceId) {
        return testbed.plc().database().read(handle -> testbed.plc().leases().sliceLeases(handle, sliceId, 0));
    }

    private static int sliverRows(AmTestbed testbed, long sliceId) {
        return testbed.plc().database().read(handle -> handle.createQuery("SELECT COUNT(*) FROM am_slivers WHERE slice_id = :slice")
                .bind("slice", sliceId).mapTo(Integer.class).one());
    }
}
