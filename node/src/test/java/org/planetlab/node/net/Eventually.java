package org.planetlab.node.net;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Polls an assertion until it holds or a deadline passes, for state the kernel reaches later. */
final class Eventually {
    private Eventually() {}

    /** An assertion that may throw {@link AssertionError} until the condition holds. */
    @FunctionalInterface
    interface Check {
        void verify() throws Exception;
    }

    static void within(Duration timeout, Check check) {
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
