package org.planetlab.node.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerIdentityTest {
    private final PeerIdentity identity = new PeerIdentity(1_000_000_000L, index -> index == 3 ? Optional.of("slice_three") : Optional.empty());

    @Test
    void everyUidOfASliversRangeIsThatSlice() {
        assertThat(identity.identifyUid(1_000_000_000L + 3 * 65_536)).isEqualTo(Caller.slice("slice_three"));
        assertThat(identity.identifyUid(1_000_000_000L + 3 * 65_536 + 1000)).isEqualTo(Caller.slice("slice_three"));
        assertThat(identity.identifyUid(0)).isEqualTo(Caller.HOST_ROOT);
    }

    @Test
    void otherUidsAreRefused() {
        assertThatThrownBy(() -> identity.identifyUid(1000)).hasMessageContaining("neither root on the node nor a sliver");
        assertThatThrownBy(() -> identity.identifyUid(1_000_000_000L + 4 * 65_536)).hasMessageContaining("uid");
        assertThat(PeerIdentity.uidOf("root")).isZero();
        assertThat(PeerIdentity.uidOf("1234567")).isEqualTo(1234567);
    }

    @Test
    void uidsAboveTwoToTheThirtyOneAreReadAsTheKernelMeansThem() {
        assertThat(PeerIdentity.uidOf(Integer.toString((int) 3_600_000_000L))).isEqualTo(3_600_000_000L);
    }
}
