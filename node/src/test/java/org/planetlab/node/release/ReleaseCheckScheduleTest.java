package org.planetlab.node.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A thousand nodes that start at the same moment spread their release checks over the interval:
 * no minute of the first hour sees much more than its share of requests, where without the
 * random first delay every request would arrive in the first minute.
 */
class ReleaseCheckScheduleTest {
    private static final int NODES = 1_000;

    @Test
    void aThousandNodesStartingTogetherSpreadTheirChecks() {
        ReleaseCheckSchedule schedule = new ReleaseCheckSchedule(Duration.ofHours(1), Duration.ofMinutes(5));
        SplittableRandom random = new SplittableRandom(2026);
        int[] firstPerMinute = new int[60];
        int[] laterPerMinute = new int[80];
        for (int node = 0; node < NODES; node++) {
            Duration first = schedule.first(random);
            firstPerMinute[(int) first.toMinutes()]++;
            Duration second = first.plus(schedule.next(random));
            laterPerMinute[(int) second.toMinutes() - 55 + 5]++;
        }
        int busiest = java.util.Arrays.stream(firstPerMinute).max().orElseThrow();
        double share = NODES / 60.0;
        System.out.printf("%d nodes starting together: first checks at most %d in one minute (mean %.1f); without jitter %d%n",
                NODES, busiest, share, NODES);
        assertThat(busiest).isLessThan((int) (share * 2));
        assertThat(java.util.Arrays.stream(firstPerMinute).sum()).isEqualTo(NODES);
        assertThat(java.util.Arrays.stream(laterPerMinute).max().orElseThrow()).isLessThan((int) (share * 2));
    }

    @Test
    void laterChecksStayWithinTheJitter() {
        ReleaseCheckSchedule schedule = ReleaseCheckSchedule.DAILY;
        SplittableRandom random = new SplittableRandom(7);
        for (int check = 0; check < 10_000; check++) {
            assertThat(schedule.next(random)).isBetween(Duration.ofHours(23), Duration.ofHours(25));
            assertThat(schedule.first(random)).isBetween(Duration.ZERO, Duration.ofDays(1));
        }
    }

    @Test
    void aJitterBeyondHalfTheIntervalIsRefused() {
        assertThatThrownBy(() -> new ReleaseCheckSchedule(Duration.ofHours(1), Duration.ofMinutes(31)))
                .hasMessageContaining("half the interval");
    }
}
