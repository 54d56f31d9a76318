package org.planetlab.node.pod;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.planetlab.node.pod.PodVerdict.Reason;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.PingOfDeath;

/**
 * Decides whether a datagram is a ping of death this node must obey: the right shape, this
 * node's id, this node's key, made within {@code window} of the node's clock, and a sequence
 * above the last one obeyed. Only then is the sequence recorded, durably, and the datagram
 * accepted; a datagram accepted once is refused as a replay forever after.
 */
final class PodVerifier {
    private final long nodeId;
    private final NodeKey key;
    private final Duration window;
    private final Clock clock;
    private final LastSequence last;

    PodVerifier(long nodeId, NodeKey key, Duration window, Clock clock, LastSequence last) {
        this.nodeId = nodeId;
        this.key = requireNonNull(key, "key is null");
        this.window = requireNonNull(window, "window is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.last = requireNonNull(last, "last is null");
    }

    PodVerdict verify(byte[] datagram, int length) {
        Optional<PingOfDeath.Claimed> read = PingOfDeath.read(datagram, length);
        if (read.isEmpty()) {
            return new PodVerdict.Refused(Reason.MALFORMED, "not a ping of death (" + length + " bytes; one is "
                    + PingOfDeath.SIZE + " bytes starting with PLPD and version 1)");
        }
        PingOfDeath claim = read.get().claim();
        if (claim.nodeId() != nodeId) {
            return new PodVerdict.Refused(Reason.FOREIGN, "for node " + claim.nodeId() + ", this is node " + nodeId);
        }
        if (!read.get().authenticatedBy(key)) {
            return new PodVerdict.Refused(Reason.UNSIGNED, "not authenticated by this node's key (sequence "
                    + claim.sequence() + ")");
        }
        Instant now = clock.instant();
        Duration age = Duration.between(claim.timestamp(), now);
        if (age.abs().compareTo(window) > 0) {
            return new PodVerdict.Refused(Reason.STALE, "made at " + claim.timestamp() + ", " + age.toSeconds()
                    + " s from this node's clock (" + now + "); the window is " + window.toSeconds() + " s");
        }
        if (!last.advanceTo(claim.sequence())) {
            return new PodVerdict.Refused(Reason.REPLAYED, "sequence " + claim.sequence()
                    + " is not above the last one obeyed, " + last.value());
        }
        return new PodVerdict.Accepted(claim);
    }
}
