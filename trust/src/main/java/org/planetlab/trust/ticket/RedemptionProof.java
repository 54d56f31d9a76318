package org.planetlab.trust.ticket;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.ssh.SshSignature;

/**
 * What the presenter of a ticket signs to show it holds a key the ticket names (proof of
 * possession): the call, the ticket, the node, the node's one-time challenge and the SSH keys to
 * install. A stolen ticket file is useless without the private key; a proof is good for one call
 * on one node, and the keys it names cannot be swapped for an intruder's.
 *
 * <p>The message is text, so that a user can sign it with {@code ssh-keygen -Y sign -n
 * planetlab-ticket} (and {@code ssh-agent}):
 * <pre>
 * PlanetLab ticket redemption
 * method: RedeemTicket
 * ticket: 32 hex digits
 * node: planetlab1.example.org
 * challenge: the node's challenge
 * keys: SHA-256 in hex of the keys to install, each followed by a newline
 * </pre>
 */
public record RedemptionProof(String method, String ticketId, String node, String challenge, List<String> keys) {
    /** The SSHSIG namespace of proofs. */
    public static final String NAMESPACE = "planetlab-ticket";

    public RedemptionProof {
        requireNonNull(method, "method is null");
        requireNonNull(ticketId, "ticketId is null");
        requireNonNull(node, "node is null");
        requireNonNull(challenge, "challenge is null");
        keys = List.copyOf(keys);
    }

    /** The bytes signed. */
    public byte[] message() {
        return ("PlanetLab ticket redemption\nmethod: " + method + "\nticket: " + ticketId + "\nnode: " + node + "\nchallenge: "
                + challenge + "\nkeys: " + keysDigest() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks that {@code signature} was made over this proof with a key {@code ticket} names;
     * answers that principal. Fails with {@link ErrorCode#PERMISSION_DENIED} when the ticket
     * names no key or another one, and {@link ErrorCode#VERIFICATION_FAILED} when the signature
     * does not verify.
     */
    public TicketPrincipal.Key verify(Ticket ticket, SshSignature signature) {
        List<TicketPrincipal.Key> keyPrincipals = ticket.principals().stream().filter(TicketPrincipal.Key.class::isInstance)
                .map(TicketPrincipal.Key.class::cast).toList();
        if (keyPrincipals.isEmpty()) {
            throw PlanetLabException.permissionDenied("ticket " + ticket.id() + " binds no key of its principals, so nobody can prove"
                    + " to hold it; add an SSH key (ed25519 or RSA) to one of the slice's users and ask for a new ticket");
        }
        TicketPrincipal.Key signer = TicketPrincipal.Key.of(signature.publicKey());
        if (!keyPrincipals.contains(signer)) {
            throw PlanetLabException.permissionDenied("the proof is signed with key " + signer.fingerprint().value() + ", which ticket "
                    + ticket.id() + " does not name; only its principals (the slice's users, with the SSH keys they had at PLC"
                    + " when it was issued) may redeem it");
        }
        signature.verify(NAMESPACE, message());
        return signer;
    }

    private String keysDigest() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            keys.forEach(key -> digest.update((key + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
