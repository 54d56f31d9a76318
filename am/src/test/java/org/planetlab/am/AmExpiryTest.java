package org.planetlab.am;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.am.credential.Privilege;
import org.planetlab.am.testing.AmClient;
import org.planetlab.am.testing.AmTestbed;
import org.planetlab.plc.testing.StoreKind;

/** Time in the AM API: allocations lapse, credentials expire (FORBIDDEN), slices expire (EXPIRED). */
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
            testbed.clock().advance(Duration.ofMinutes(11));
            assertThat(client.call("Provision", List.of(slice), month, Map.of()).geniCode()).isEqualTo(SEARCHFAILED);

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
            testbed.plc().expireSlices();
            assertThat(client.call("Status", List.of(slice), month, Map.of()).geniCode()).isEqualTo(EXPIRED);
            assertThat(client.call("Renew", List.of(slice), month, testbed.clock().instant().plus(Duration.ofDays(1)).toString(), Map.of())
                    .geniCode()).isEqualTo(EXPIRED);
            AmClient.Result sliver = client.call("Status", List.of((String) AmEndToEndTest.slivers(allocated.struct()).getFirst()
                    .get("geni_sliver_urn")), month, Map.of());
            assertThat(sliver.geniCode()).isEqualTo(SEARCHFAILED);
        }
    }
}
