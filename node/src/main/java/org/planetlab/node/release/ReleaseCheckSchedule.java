package org.planetlab.node.release;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.planetlab.api.error.PlanetLabException;

/**
 * When a node asks PLC for the current release. The first check after the agent starts falls at a
 * uniformly random moment of one interval, so nodes that all start at once (a power cut, a
 * rollout) spread their requests over the whole interval instead of arriving together (the
 * incidents report's update server swamped by 130 nodes); later checks come every interval,
 * give or take {@code jitter}, so they stay spread.
 *
 * @param interval the mean time between checks (the seed's daily update check)
 * @param jitter how far each later check may fall before or after its time, at most half the interval
 */
public record ReleaseCheckSchedule(Duration interval, Duration jitter) {
    /** Once a day, give or take an hour. */
    public static final ReleaseCheckSchedule DAILY = new ReleaseCheckSchedule(Duration.ofDays(1), Duration.ofHours(1));

    public ReleaseCheckSchedule {
        requireNonNull(interval, "interval is null");
        requireNonNull(jitter, "jitter is null");
        if (interval.toMillis() < 1_000) {
            throw PlanetLabException.invalidArgument("the release check interval must be at least one second, got " + interval);
        }
        if (jitter.isNegative() || jitter.compareTo(interval.dividedBy(2)) > 0) {
            throw PlanetLabException.invalidArgument("the release check jitter must be between 0 and half the interval, got " + jitter);
        }
    }

    /** The delay before the first check after the agent starts: uniform over one interval. */
    public Duration first(RandomGenerator random) {
        return Duration.ofMillis(random.nextLong(interval.toMillis()));
    }

    /** The delay from one check to the next: the interval, moved by up to the jitter either way. */
    public Duration next(RandomGenerator random) {
        long jitterMillis = jitter.toMillis();
        long offset = jitterMillis == 0 ? 0 : random.nextLong(-jitterMillis, jitterMillis + 1);
        return interval.plusMillis(offset);
    }
}
