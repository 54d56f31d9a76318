package org.planetlab.node.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SparePacingTest {
    private static final Duration QUIET = Duration.ofSeconds(1);

    private long now = 5_000_000_000L;
    private final SparePacing pacing = new SparePacing(8, QUIET, () -> now);

    @Test
    void aRefillWaitsForCreatesToPauseWhileHalfOfTheSparesAreLeft() {
        assertThat(pacing.afterTake(7)).isEqualTo(QUIET);
        now += 400_000_000L;
        assertThat(pacing.quietLeft()).isEqualTo(Duration.ofMillis(600));

        // Another create pushes the refill back to a full quiet period after it.
        assertThat(pacing.afterTake(6)).isEqualTo(QUIET);
        now += 700_000_000L;
        assertThat(pacing.quietLeft()).isEqualTo(Duration.ofMillis(300));
        now += 300_000_000L;
        assertThat(pacing.quietLeft()).isZero();
    }

    @Test
    void aRefillStartsAtOnceWhenFewerThanHalfAreLeft() {
        assertThat(pacing.afterTake(4)).isEqualTo(QUIET);
        assertThat(pacing.afterTake(3)).isZero();
        assertThat(pacing.afterTake(0)).isZero();
    }

    @Test
    void nothingIsWaitedForBeforeTheFirstTake() {
        assertThat(pacing.quietLeft()).isZero();
    }
}
