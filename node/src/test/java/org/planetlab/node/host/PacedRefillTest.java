package org.planetlab.node.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacedRefillTest {
    private static final Duration QUIET = Duration.ofSeconds(1);

    private long now = 1_000_000_000L;
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private int refills;
    private final PacedRefill paced = new PacedRefill(4, QUIET, () -> now, (action, delay) -> {
        scheduled.add(action);
        delays.add(delay);
    }, () -> refills++);

    @Test
    void aBurstOfTakesGetsOneRefillOnceItPauses() {
        paced.afterTake(3);
        now += 300_000_000L;
        paced.afterTake(2);
        assertThat(refills).isZero();
        assertThat(delays).containsExactly(QUIET);

        now += 700_000_000L;
        scheduled.removeFirst().run();
        assertThat(refills).as("the second take pushed the refill back").isZero();
        assertThat(delays).last().isEqualTo(Duration.ofMillis(300));

        now += 300_000_000L;
        scheduled.removeFirst().run();
        assertThat(refills).isEqualTo(1);
        assertThat(scheduled).isEmpty();
    }

    @Test
    void fewSparesLeftRefillAtOnceAndARefillThatRanCancelsTheWaitingOne() {
        paced.afterTake(1);
        assertThat(refills).isEqualTo(1);

        paced.afterTake(3);
        paced.refilled();
        now += QUIET.toNanos();
        scheduled.removeFirst().run();
        assertThat(refills).isEqualTo(1);
    }

    @Test
    void aWaitingRefillStartsAtOnceForSomeoneAboutToWaitForIt() {
        paced.refillIfDeferred();
        assertThat(refills).isZero();
        paced.afterTake(3);
        paced.refillIfDeferred();
        assertThat(refills).isEqualTo(1);
        scheduled.removeFirst().run();
        assertThat(refills).as("the scheduled check finds nothing waiting").isEqualTo(1);
    }
}
