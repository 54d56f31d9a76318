package org.planetlab.plc.peer;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The {@code Authorization} header of a request one PLC sends its peer:
 * {@code PlanetLab-Peer NAME:TIMESTAMP:NONCE:SIGNATURE}, the name base64url-encoded, the
 * signature (SHA-256 with the caller's EC or RSA peer key, base64url) over the request's method,
 * target and body digest, the timestamp, the nonce, the caller's name and the name of the PLC it
 * is meant for. Naming the audience keeps a request one peer received from being replayed to
 * another peer of the same caller.
 *
 * @param caller the calling PLC's name (its GetPeerName)
 * @param timestamp when the request was signed
 * @param nonce 16 random bytes, base64url: the replay cache's key
 * @param signature base64url
 */
public record PeerSignature(String caller, Instant timestamp, String nonce, String signature) {
    public static final String SCHEME = "PlanetLab-Peer";
    private static final int MAX_HEADER = 4096;

    public PeerSignature {
        requireNonNull(caller, "caller is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(nonce, "nonce is null");
        requireNonNull(signature, "signature is null");
    }

    /** Signs a request to {@code audience} with {@code key}. */
    static PeerSignature sign(PrivateKey key, String caller, String audience, Instant timestamp, String nonce,
            String method, String target, byte[] body) {
        try {
            Signature signer = Signature.getInstance(algorithm(key.getAlgorithm()));
            signer.initSign(key);
            signer.update(signedText(caller, audience, timestamp, nonce, method, target, body));
            return new PeerSignature(caller, timestamp, nonce, Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot sign a peer request: " + e.getMessage(), e);
        }
    }

    /** Whether {@code key} made this signature over the request, sent to {@code audience}. */
    boolean verifies(PublicKey key, String audience, String method, String target, byte[] body) {
        try {
            Signature verifier = Signature.getInstance(algorithm(key.getAlgorithm()));
            verifier.initVerify(key);
            verifier.update(signedText(caller, audience, timestamp, nonce, method, target, body));
            return verifier.verify(Base64.getUrlDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public String headerValue() {
        return SCHEME + " " + Base64.getUrlEncoder().withoutPadding().encodeToString(caller.getBytes(StandardCharsets.UTF_8))
                + ":" + timestamp.getEpochSecond() + ":" + nonce + ":" + signature;
    }

    /** Reads the header; a missing or malformed one is refused with what is wrong. */
    public static PeerSignature parse(String header) {
        if (header == null) {
            throw refused("the request carries no Authorization header; a peer signs GetPeerData with its peer key"
                    + " (Authorization: " + SCHEME + " ...), see docs/federation.md");
        }
        if (header.length() > MAX_HEADER || !header.startsWith(SCHEME + " ")) {
            throw refused("the Authorization header is not a " + SCHEME + " signature");
        }
        String[] parts = header.substring(SCHEME.length() + 1).split(":", -1);
        if (parts.length != 4 || parts[2].isEmpty() || parts[3].isEmpty()) {
            throw refused("the " + SCHEME + " header must be NAME:TIMESTAMP:NONCE:SIGNATURE");
        }
        try {
            String caller = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            return new PeerSignature(caller, Instant.ofEpochSecond(Long.parseLong(parts[1])), parts[2], parts[3]);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw refused("the " + SCHEME + " header's name or timestamp cannot be read: " + e.getMessage());
        }
    }

    static PlanetLabException refused(String why) {
        return new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "peer request refused: " + why);
    }

    private static byte[] signedText(String caller, String audience, Instant timestamp, String nonce, String method,
            String target, byte[] body) {
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            return String.join("\n", "planetlab-peer-request-v1", caller, audience,
                    Long.toString(timestamp.getEpochSecond()),
                    nonce, method.toUpperCase(Locale.ROOT), target, digest).getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String algorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw PlanetLabException.invalidArgument("peer keys must be EC or RSA keys, not " + keyAlgorithm);
        };
    }
}
