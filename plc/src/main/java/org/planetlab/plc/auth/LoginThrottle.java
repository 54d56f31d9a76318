package org.planetlab.plc.auth;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * Limits failed password logins per account and per source address, with token buckets: each
 * failure takes a token, tokens come back at a steady rate up to the burst, and with no token
 * left every password login for that account (or from that source) is refused before any hash
 * is computed, the right password included, so a guesser learns nothing while locked out.
 * Accounts are keyed by the e-mail address as given (lower case), whether or not such an
 * account exists, so the lock reveals nothing about which accounts exist. IPv6 sources are
 * keyed by their /64, which one host usually holds whole.
 *
 * <p>The state lives in memory: each PLC server keeps its own, so N servers sharing a store
 * allow up to N times the burst before all of them refuse.
 */
public final class LoginThrottle {
    /**
     * @param accountBurst failures an account may take before it is locked
     * @param accountRefill how long one more attempt for a locked account takes to come back
     * @param sourceBurst failures one source address may cause, over all accounts
     * @param sourceRefill how long one more attempt for a locked source takes to come back
     * @param maxTracked buckets kept per kind; the least recently used go first
     */
    public record Limits(int accountBurst, Duration accountRefill, int sourceBurst, Duration sourceRefill,
            int maxTracked) {
        public static final Limits DEFAULT = new Limits(10, Duration.ofMinutes(1), 50, Duration.ofSeconds(6), 100_000);

        public Limits {
            requireNonNull(accountRefill, "accountRefill is null");
            requireNonNull(sourceRefill, "sourceRefill is null");
            if (accountBurst < 1 || sourceBurst < 1 || maxTracked < 1 || accountRefill.isNegative()
                    || accountRefill.isZero() || sourceRefill.isNegative() || sourceRefill.isZero()) {
                throw new IllegalArgumentException("login limits must be positive");
            }
        }
    }

    private final Clock clock;
    private final Limits limits;
    private final TokenBuckets accounts;
    private final TokenBuckets sources;

    public LoginThrottle(Clock clock, Limits limits) {
        this.clock = requireNonNull(clock, "clock is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.accounts = new TokenBuckets(limits.accountBurst(), limits.accountRefill(), limits.maxTracked());
        this.sources = new TokenBuckets(limits.sourceBurst(), limits.sourceRefill(), limits.maxTracked());
    }

    /** Refuses, saying when to retry, if the account or the source has no attempt left. */
    public void check(String account, InetAddress source) {
        long now = clock.millis();
        long waitMillis = Math.max(accounts.waitMillis(account, now), sources.waitMillis(TokenBuckets.sourceKey(source), now));
        if (waitMillis > 0) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED,
                    "too many failed logins for this account or from this address; retry in %d seconds"
                            .formatted(Math.max(1, (waitMillis + 999) / 1000)));
        }
    }

    /** Takes a token from the account and from the source. */
    public void failed(String account, InetAddress source) {
        long now = clock.millis();
        accounts.take(account, now);
        sources.take(TokenBuckets.sourceKey(source), now);
    }

    /** The account's owner got in: its bucket is full again (the source's is not). */
    public void succeeded(String account) {
        accounts.forget(account);
    }

    public Limits limits() {
        return limits;
    }

}
