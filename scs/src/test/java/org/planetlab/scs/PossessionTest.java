package org.planetlab.scs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.ssh.SshKeys;
import org.planetlab.trust.ssh.SshSignature;
import org.planetlab.trust.ticket.RedemptionProof;
import org.planetlab.trust.ticket.Ticket;
import org.planetlab.trust.ticket.TicketNodes;
import org.planetlab.trust.ticket.TicketPrincipal;

/**
 * A ticket is redeemed only by its principal: whoever holds a key the ticket names and signs the
 * node's fresh challenge with it. The file alone, a proof made for another call, node or set of
 * keys, and a proof used twice are refused.
 */
class PossessionTest {
    private static final String NODE = "planetlab1.example.org";
    private static final List<String> KEYS = List.of("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0XjyYzPBY8p2QpwF1nbw0m7XzYbY8hp8sDmLu1kV7a user");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T05:00:00Z"));
    private final Possession possession = new Possession(NODE, clock, new SecureRandom());
    private final KeyPair holder = pair("Ed25519");
    private final KeyPair rsaHolder = pair("RSA");
    private final KeyPair thief = pair("Ed25519");
    private final Ticket ticket = ticket(List.of(new TicketPrincipal.Person("user@example.org"), TicketPrincipal.Key.of(holder.getPublic()),
            TicketPrincipal.Key.of(rsaHolder.getPublic())));

    @Test
    void theHolderOfANamedKeyRedeemsWithAFreshChallengeOnce() {
        Map<String, Object> challenge = possession.challenge();
        assertThat(challenge.get("node")).isEqualTo(NODE);
        Possession.Proof proof = proof(holder, "RedeemTicket", NODE, (String) challenge.get("challenge"), KEYS);
        assertThat(possession.check("RedeemTicket", ticket, KEYS, Optional.of(proof))).isEqualTo(TicketPrincipal.Key.of(holder.getPublic()));

        assertRefused(() -> possession.check("RedeemTicket", ticket, KEYS, Optional.of(proof)), ErrorCode.VERIFICATION_FAILED, "was used already");

        String again = (String) possession.challenge().get("challenge");
        assertThat(possession.check("ReleaseLease", ticket, List.of(), Optional.of(proof(rsaHolder, "ReleaseLease", NODE, again, List.of()))))
                .as("an RSA key the ticket names proves as well").isEqualTo(TicketPrincipal.Key.of(rsaHolder.getPublic()));
    }

    @Test
    void aStolenTicketFileIsRefusedWhateverTheThiefSigns() {
        String challenge = (String) possession.challenge().get("challenge");
        assertRefused(() -> possession.check("RedeemTicket", ticket, KEYS, Optional.of(proof(thief, "RedeemTicket", NODE, challenge, KEYS))),
                ErrorCode.PERMISSION_DENIED, "does not name");

        String unsigned = (String) possession.challenge().get("challenge");
        Possession.Proof forged = new Possession.Proof(unsigned, withKey(proof(thief, "RedeemTicket", NODE, unsigned, KEYS), holder));
        assertRefused(() -> possession.check("RedeemTicket", ticket, KEYS, Optional.of(forged)), ErrorCode.VERIFICATION_FAILED, "does not verify");

        assertRefused(() -> possession.check("RedeemTicket", ticket, KEYS, Optional.of(new Possession.Proof("0".repeat(32), "x"))),
                ErrorCode.VERIFICATION_FAILED, "was not issued by " + NODE);

        assertRefused(() -> possession.check("RedeemTicket", ticket, KEYS, Optional.empty()), ErrorCode.PERMISSION_DENIED,
                "redeemed only by its principal");

        Ticket bearer = ticket(List.of(new TicketPrincipal.Person("user@example.org")));
        String forBearer = (String) possession.challenge().get("challenge");
        assertRefused(() -> possession.check("RedeemTicket", bearer, KEYS, Optional.of(proof(holder, "RedeemTicket", NODE, forBearer, KEYS))),
                ErrorCode.PERMISSION_DENIED, "binds no key");
    }

    @Test
    void aProofHoldsOnlyForItsCallNodeKeysAndMinute() {
        String challenge = (String) possession.challenge().get("challenge");
        assertRefused(() -> possession.check("RedeemTicket", ticket, KEYS, Optional.of(proof(holder, "RedeemTicket", "planetlab2.example.org",
                challenge, KEYS))), ErrorCode.VERIFICATION_FAILED, "does not verify");

        String swapped = (String) possession.challenge().get("challenge");
        assertRefused(() -> possession.check("RedeemTicket", ticket, List.of("ssh-ed25519 AAAA intruder"),
                Optional.of(proof(holder, "RedeemTicket", NODE, swapped, KEYS))), ErrorCode.VERIFICATION_FAILED, "does not verify");

        String release = (String) possession.challenge().get("challenge");
        assertRefused(() -> possession.check("ReleaseLease", ticket, List.of(), Optional.of(proof(holder, "RedeemTicket", NODE, release, List.of()))),
                ErrorCode.VERIFICATION_FAILED, "does not verify");

        String late = (String) possession.challenge().get("challenge");
        clock.advance(Possession.CHALLENGE_LIFETIME.plusSeconds(1));
        assertRefused(() -> possession.check("RedeemTicket", ticket, KEYS, Optional.of(proof(holder, "RedeemTicket", NODE, late, KEYS))),
                ErrorCode.VERIFICATION_FAILED, "lapsed");
    }

    @Test
    void anArmoredSignatureRoundTripsAndKeysKeepTheirFingerprint() {
        byte[] message = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SshSignature signature = SshSignature.parse(SshSignature.sign(holder.getPrivate(), holder.getPublic(), "test", message).armored());
        signature.verify("test", message);
        assertRefused(() -> signature.verify("other", message), ErrorCode.VERIFICATION_FAILED, "made for \"test\"");
        assertThat(SshKeys.fromLine(SshKeys.toLine(rsaHolder.getPublic(), "someone"))).contains(rsaHolder.getPublic());
        assertThat(SshKeys.fromLine("ecdsa-sha2-nistp256 AAAA x")).as("keys that cannot prove are left out").isEmpty();
    }

    private static Possession.Proof proof(KeyPair signer, String method, String node, String challenge, List<String> keys) {
        byte[] message = new RedemptionProof(method, "0123456789abcdef0123456789abcdef", node, challenge, keys).message();
        return new Possession.Proof(challenge, SshSignature.sign(signer.getPrivate(), signer.getPublic(), RedemptionProof.NAMESPACE, message)
                .armored());
    }

    /** The thief's signature presented as if made by the holder's key. */
    private static String withKey(Possession.Proof proof, KeyPair claimed) {
        SshSignature made = SshSignature.parse(proof.signature());
        return new SshSignature(claimed.getPublic(), made.namespace(), made.hashAlgorithm(), made.algorithm(), made.value()).armored();
    }

    private static Ticket ticket(List<TicketPrincipal> principals) {
        return new Ticket("0123456789abcdef0123456789abcdef", "plc.example.slice", principals, new TicketNodes.AnyNode(),
                new TreeMap<>(Map.of("cpu_share", "1")), new Validity(Instant.parse("2026-12-07T00:00:00Z"), Instant.parse("2026-12-08T00:00:00Z")));
    }

    private static KeyPair pair(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("RSA")) {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(Runnable call, ErrorCode code, String reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PlanetLabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(reason);
        });
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
