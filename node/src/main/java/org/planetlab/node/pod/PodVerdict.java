package org.planetlab.node.pod;

import static java.util.Objects.requireNonNull;

import org.planetlab.trust.node.PingOfDeath;

/** What the node made of one datagram on its ping-of-death port. */
public sealed interface PodVerdict {
    /** Why a datagram was not obeyed. */
    enum Reason {
        /** Not a ping of death at all: wrong size, magic or version. */
        MALFORMED,
        /** A ping of death for another node. */
        FOREIGN,
        /** Not authenticated by this node's key: unsigned, forged or altered. */
        UNSIGNED,
        /** Made too long ago, or too far in the future, for this node's clock. */
        STALE,
        /** A sequence this node has already obeyed or passed: a replay. */
        REPLAYED
    }

    /** Authentic, fresh, for this node, never seen: the node reboots. */
    record Accepted(PingOfDeath pod) implements PodVerdict {
        public Accepted {
            requireNonNull(pod, "pod is null");
        }
    }

    /** Ignored, with the reason and what the log says about it. */
    record Refused(Reason reason, String detail) implements PodVerdict {
        public Refused {
            requireNonNull(reason, "reason is null");
            requireNonNull(detail, "detail is null");
        }
    }
}
