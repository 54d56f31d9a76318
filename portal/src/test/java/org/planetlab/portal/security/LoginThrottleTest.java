package org.planetlab.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.planetlab.plc.testing.TestingClock;

class LoginThrottleTest {
    private final TestingClock clock = new TestingClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void failuresBeyondTheLimitLockTheKeyUntilTheyLeaveTheWindow() {
        LoginThrottle throttle = new LoginThrottle(3, 60, clock);
        for (int failure = 0; failure < 3; failure++) {
            assertThat(throttle.allows("a@example.org")).isTrue();
            throttle.failed("a@example.org");
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(throttle.allows("a@example.org")).isFalse();
        assertThat(throttle.allows("b@example.org")).isTrue();
        // The first failure was 30 s ago; 31 s more and it leaves the 60 s window.
        clock.advance(Duration.ofSeconds(31));
        assertThat(throttle.allows("a@example.org")).isTrue();
    }

    @Test
    void aSuccessClearsTheKeysFailures() {
        LoginThrottle throttle = new LoginThrottle(2, 60, clock);
        throttle.failed("a@example.org");
        throttle.succeeded("a@example.org");
        throttle.failed("a@example.org");
        assertThat(throttle.allows("a@example.org")).isTrue();
    }
}
