package org.planetlab.node.net.shaping;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Polls an assertion until it holds or a deadline passes, for state the kernel reaches later. */
public final class Eventually {
    private Eventually() {}

    /** An assertion that may throw {@link AssertionError} until the condition holds. */
    @FunctionalInterface
    public interface Check {
        void verify() throws Exception;
    }

    public static void within(Duration timeout, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.verify();
                return;
            } catch (AssertionError | Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e instanceof AssertionError assertion ? assertion : new AssertionError(e);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
