package org.planetlab.scs;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.ssh.SshSignature;
import org.planetlab.trust.ticket.RedemptionProof;
import org.planetlab.trust.ticket.Ticket;
import org.planetlab.trust.ticket.TicketPrincipal;

/**
 * Proof that whoever presents a ticket is one of its principals: the node hands out a one-time
 * challenge, and the presenter signs the call, the ticket, this node, the challenge and the keys
 * to install with an SSH key the ticket names ({@link RedemptionProof}). A challenge is taken by
 * the first call that names it, whether its proof holds or not, and lapses after a minute, so a
 * proof cannot be replayed, here or on another node. At most {@value #MAX_OPEN} challenges are
 * open; beyond that the oldest lapse early. Thread-safe.
 */
final class Possession {
    static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(1);
    private static final int MAX_OPEN = 10_000;

    private final String hostname;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Instant> open = new LinkedHashMap<>();

    Possession(String hostname, Clock clock, SecureRandom random) {
        this.hostname = requireNonNull(hostname, "hostname is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** A fresh challenge: {"challenge", "node" (the name to sign), "expires" (seconds since the epoch)}. */
    synchronized Map<String, Object> challenge() {
        Instant now = clock.instant();
        open.values().removeIf(expiry -> !expiry.isAfter(now));
        Iterator<String> oldest = open.keySet().iterator();
        while (open.size() >= MAX_OPEN) {
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String challenge = HexFormat.of().formatHex(bytes);
        Instant expires = now.plus(CHALLENGE_LIFETIME);
        open.put(challenge, expires);
        return Map.of("challenge", challenge, "node", hostname, "expires", expires.getEpochSecond());
    }

    /** Checks a presenter's proof for a call with a verified ticket; answers the key that signed it. */
    TicketPrincipal.Key check(String method, Ticket ticket, List<String> keys, Optional<Proof> presented) {
        Proof proof = presented.orElseThrow(() -> PlanetLabException.permissionDenied("ticket " + ticket.id() + " is redeemed only"
                + " by its principal: ask this node for a challenge (Challenge), sign it with an SSH key the ticket names"
                + " (pl ticket redeem does both) and send \"challenge\" and \"proof\""));
        take(proof.challenge());
        RedemptionProof signed = new RedemptionProof(method, ticket.id(), hostname, proof.challenge(), keys);
        return signed.verify(ticket, SshSignature.parse(proof.signature()));
    }

    private synchronized void take(String challenge) {
        Instant expiry = open.remove(challenge);
        if (expiry == null || !expiry.isAfter(clock.instant())) {
            throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, "challenge " + abbreviate(challenge) + " was not issued by "
                    + hostname + ", was used already or lapsed; ask for a new one (Challenge) and sign again");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /**
     * What a presenter sends with a ticket.
     *
     * @param challenge the node's challenge
     * @param signature the armored SSH signature over the {@link RedemptionProof}
     */
    record Proof(String challenge, String signature) {
        Proof {
            requireNonNull(challenge, "challenge is null");
            requireNonNull(signature, "signature is null");
        }
    }
}
