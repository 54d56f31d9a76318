package org.planetlab.trust.node;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A "ping of death": the one UDP datagram with which the management authority tells a node to
 * reboot (the incidents report's POD). It names the node, carries a sequence number that grows
 * with every reboot PLC orders and the time it was made, and is authenticated with HMAC-SHA256
 * under the node key that only PLC and the node hold. A node checks it without any state but its
 * key and the last sequence it obeyed, at the cost of one HMAC, so a flood of forged datagrams
 * costs it little.
 *
 * <pre>
 * offset  size  field
 *      0     4  "PLPD"
 *      4     1  version, 1
 *      5     8  node id, big-endian
 *     13     8  sequence, big-endian
 *     21     8  timestamp, Unix seconds, big-endian
 *     29    32  HMAC-SHA256 with the node key over "PlanetLab-POD-HMAC-SHA256\n" and bytes 0 to 28
 * </pre>
 *
 * @param nodeId the node that is to reboot
 * @param sequence larger than that of any earlier ping of death to this node
 * @param timestamp when PLC made it
 */
public record PingOfDeath(long nodeId, long sequence, Instant timestamp) {
    /** The datagram's size in bytes; any other size is not a ping of death. */
    public static final int SIZE = 61;
    private static final byte[] MAGIC = "PLPD".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    private static final int SIGNED = 29;
    private static final byte[] DOMAIN = "PlanetLab-POD-HMAC-SHA256\n".getBytes(StandardCharsets.US_ASCII);

    public PingOfDeath {
        if (nodeId <= 0) {
            throw new IllegalArgumentException("nodeId must be positive, was " + nodeId);
        }
        if (sequence <= 0) {
            throw new IllegalArgumentException("sequence must be positive, was " + sequence);
        }
        requireNonNull(timestamp, "timestamp is null");
    }

    /** The datagram, authenticated with the key of the node it names. */
    public byte[] sign(NodeKey key) {
        requireNonNull(key, "key is null");
        ByteBuffer buffer = ByteBuffer.allocate(SIZE);
        buffer.put(MAGIC).put(VERSION).putLong(nodeId).putLong(sequence).putLong(timestamp.getEpochSecond());
        buffer.put(mac(key, Arrays.copyOf(buffer.array(), SIGNED)));
        return buffer.array();
    }

    /**
     * What a datagram claims, before anything is verified: empty unless it has the size, magic
     * and version of a ping of death and positive node id and sequence.
     */
    public static Optional<Claimed> read(byte[] datagram, int length) {
        requireNonNull(datagram, "datagram is null");
        if (length != SIZE || datagram.length < SIZE) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(datagram, 0, SIZE);
        byte[] magic = new byte[MAGIC.length];
        buffer.get(magic);
        if (!Arrays.equals(magic, MAGIC) || buffer.get() != VERSION) {
            return Optional.empty();
        }
        long nodeId = buffer.getLong();
        long sequence = buffer.getLong();
        long seconds = buffer.getLong();
        if (nodeId <= 0 || sequence <= 0 || seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
            return Optional.empty();
        }
        byte[] signed = Arrays.copyOf(datagram, SIGNED);
        byte[] mac = Arrays.copyOfRange(datagram, SIGNED, SIZE);
        return Optional.of(new Claimed(new PingOfDeath(nodeId, sequence, Instant.ofEpochSecond(seconds)), signed, mac));
    }

    /** A datagram read but not yet verified. */
    public static final class Claimed {
        private final PingOfDeath claim;
        private final byte[] signed;
        private final byte[] mac;

        private Claimed(PingOfDeath claim, byte[] signed, byte[] mac) {
            this.claim = claim;
            this.signed = signed;
            this.mac = mac;
        }

        /** What the datagram says, which nothing vouches for until {@link #authenticatedBy} is true. */
        public PingOfDeath claim() {
            return claim;
        }

        /** Whether the HMAC is that of the node key, compared in constant time. */
        public boolean authenticatedBy(NodeKey key) {
            return MessageDigest.isEqual(mac, PingOfDeath.mac(requireNonNull(key, "key is null"), signed));
        }
    }

    private static byte[] mac(NodeKey key, byte[] signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            mac.update(DOMAIN);
            return mac.doFinal(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
