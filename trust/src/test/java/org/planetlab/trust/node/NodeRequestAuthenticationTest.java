package org.planetlab.trust.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.testing.MutableClock;
import org.planetlab.trust.testing.TestTrust;

class NodeRequestAuthenticationTest {
    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock(TestTrust.START);
    private final NodeKey key = NodeKey.generate(random);
    private final NodeKey otherKey = NodeKey.generate(random);
    private final Map<Long, NodeKey> registry = Map.of(121L, key, 122L, otherKey);
    private final NodeRequestVerifier verifier = NodeRequestVerifier.create(id -> Optional.ofNullable(registry.get(id)), clock);
    private final NodeRequestSigner signer = new NodeRequestSigner(121, key, clock, random);
    private final byte[] body = "<?xml version=\"1.0\"?><methodCall><methodName>BootUpdateNode</methodName></methodCall>"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void signedRequestAuthenticatesItsNode() {
        String target = NodeRequestSigner.target(URI.create("https://plc.example.org/boot/api?node=121&x=%2F"));
        String header = signer.authorization("post", target, body);

        AuthenticatedNode node = verifier.verify("POST", target, header, body);

        assertThat(target).isEqualTo("/boot/api?node=121&x=%2F");
        assertThat(node.nodeId()).isEqualTo(121);
        assertThat(header).startsWith("PlanetLab-Node node_id=\"121\", timestamp=\"").doesNotContain(key.encoded());
    }

    @Test
    void everyForgedOrReplayedRequestIsRejected() {
        List<Map.Entry<String, Supplier<?>>> attempts = new ArrayList<>();
        String header = signer.authorization("POST", "/boot/api", body);
        verifier.verify("POST", "/boot/api", header, body);
        attempts.add(Map.entry("identical replay", () -> verifier.verify("POST", "/boot/api", header, body)));
        NodeAuthorization fresh = signer.sign("POST", "/boot/api", body);
        attempts.add(Map.entry("stale timestamp", () -> {
            clock.advance(Duration.ofSeconds(301));
            try {
                return verifier.verify("POST", "/boot/api", fresh.headerValue(), body);
            } finally {
                clock.advance(Duration.ofSeconds(-301));
            }
        }));
        NodeAuthorization future = new NodeRequestSigner(121, key, new MutableClock(TestTrust.START.plusSeconds(400)), random)
                .sign("POST", "/boot/api", body);
        attempts.add(Map.entry("future timestamp", () -> verifier.verify("POST", "/boot/api", future.headerValue(), body)));
        NodeAuthorization reused = signer.sign("GET", "/boot/state", new byte[0]);
        verifier.verify("GET", "/boot/state", reused.headerValue(), new byte[0]);
        NodeAuthorization sameNonce = new NodeAuthorization(121, reused.timestamp().plusSeconds(1), reused.nonce(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(NodeAuthorization.mac(key, 121, reused.timestamp().plusSeconds(1),
                        reused.nonce(), "GET", "/boot/state", new byte[0])));
        attempts.add(Map.entry("reused nonce, new timestamp", () -> verifier.verify("GET", "/boot/state", sameNonce.headerValue(), new byte[0])));
        NodeAuthorization good = signer.sign("POST", "/boot/api", body);
        for (int offset : new int[] {0, 1, 7, 13, 20, 31, 42, 50, 64, 77, body.length - 1}) {
            byte[] flipped = body.clone();
            flipped[offset] ^= 0x01;
            attempts.add(Map.entry("body bit flip at " + offset, () -> verifier.verify("POST", "/boot/api", good.headerValue(), flipped)));
        }
        byte[] signature = Base64.getUrlDecoder().decode(good.signature());
        for (int offset : new int[] {0, 1, 3, 5, 8, 13, 17, 21, 26, 31}) {
            byte[] flipped = signature.clone();
            flipped[offset] ^= 0x01;
            NodeAuthorization forged = new NodeAuthorization(121, good.timestamp(), good.nonce(),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(flipped));
            attempts.add(Map.entry("signature bit flip at " + offset, () -> verifier.verify("POST", "/boot/api", forged.headerValue(), body)));
        }
        NodeAuthorization asOtherNode = new NodeAuthorization(122, good.timestamp(), good.nonce(), good.signature());
        attempts.add(Map.entry("wrong node id", () -> verifier.verify("POST", "/boot/api", asOtherNode.headerValue(), body)));
        NodeAuthorization unknownNode = new NodeAuthorization(999, good.timestamp(), good.nonce(), good.signature());
        attempts.add(Map.entry("unregistered node id", () -> verifier.verify("POST", "/boot/api", unknownNode.headerValue(), body)));
        attempts.add(Map.entry("wrong method", () -> verifier.verify("PUT", "/boot/api", good.headerValue(), body)));
        attempts.add(Map.entry("wrong path", () -> verifier.verify("POST", "/boot/admin", good.headerValue(), body)));
        attempts.add(Map.entry("added query", () -> verifier.verify("POST", "/boot/api?debug=1", good.headerValue(), body)));
        attempts.add(Map.entry("missing header", () -> verifier.verify("POST", "/boot/api", null, body)));
        attempts.add(Map.entry("other scheme", () -> verifier.verify("POST", "/boot/api", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", body)));
        attempts.add(Map.entry("duplicated parameter", () -> verifier.verify("POST", "/boot/api",
                good.headerValue() + ", nonce=\"" + good.nonce() + "\"", body)));
        attempts.add(Map.entry("short nonce", () -> verifier.verify("POST", "/boot/api",
                good.headerValue().replace(good.nonce(), "abc"), body)));
        attempts.add(Map.entry("signed with another node's key", () -> verifier.verify("POST", "/boot/api",
                new NodeRequestSigner(121, otherKey, clock, random).authorization("POST", "/boot/api", body), body)));

        int rejected = 0;
        List<String> accepted = new ArrayList<>();
        for (Map.Entry<String, Supplier<?>> attempt : attempts) {
            try {
                attempt.getValue().get();
                accepted.add(attempt.getKey());
            } catch (PlanetLabException e) {
                assertThat(e.code()).as(attempt.getKey()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
                System.out.printf("rejected %-32s %s%n", attempt.getKey(), e.getMessage());
                rejected++;
            }
        }
        System.out.println(rejected + "/" + attempts.size() + " rejected");
        assertThat(accepted).isEmpty();
        assertThat(good.signature()).isNotNull();
    }

    @Test
    void timestampErrorsTellTheOperatorToCheckTheClock() {
        String header = signer.authorization("GET", "/", new byte[0]);
        clock.advance(Duration.ofMinutes(10));

        assertThatThrownBy(() -> verifier.verify("GET", "/", header, new byte[0]))
                .hasMessageContaining("request timestamp is 600 s in the past; at most 300 s of clock difference is allowed");
    }

    @Test
    void replayCacheForgetsNoncesOnceTheirWindowHasPassedAndStaysBounded() {
        NonceCache cache = new NonceCache(clock, 2);
        assertThat(cache.record(1, "a", clock.instant().plusSeconds(10))).isTrue();
        assertThat(cache.record(1, "a", clock.instant().plusSeconds(10))).isFalse();
        assertThat(cache.record(2, "a", clock.instant().plusSeconds(10))).isTrue();
        assertThatThrownBy(() -> cache.record(3, "a", clock.instant().plusSeconds(10)))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        clock.advance(Duration.ofSeconds(11));
        assertThat(cache.size()).isZero();
        assertThat(cache.record(3, "a", clock.instant().plusSeconds(10))).isTrue();
    }

    @Test
    void replayCacheGrowsWithTheNodesCallingButNotWithOneNodeFlooding() {
        NonceCache cache = new NonceCache(clock, 2, 3);
        Instant expiry = clock.instant().plusSeconds(10);
        // One node alone gets its three, not more: the bound is max(2, nodes × 3).
        for (String nonce : List.of("a", "b", "c")) {
            assertThat(cache.record(1, nonce, expiry)).isTrue();
        }
        assertThatThrownBy(() -> cache.record(1, "d", expiry))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("holds 3 recent requests");
                });
        // Each further node raises the bound by its share.
        for (long node = 2; node <= 100; node++) {
            for (String nonce : List.of("a", "b", "c")) {
                assertThat(cache.record(node, nonce, expiry)).isTrue();
            }
        }
        assertThat(cache.size()).isEqualTo(300);
        // A replay is still a replay, however large the cache.
        assertThat(cache.record(57, "b", expiry)).isFalse();
        // Once their nonces expire, the nodes no longer count.
        clock.advance(Duration.ofSeconds(11));
        assertThat(cache.size()).isZero();
        for (String nonce : List.of("e", "f", "g")) {
            assertThat(cache.record(1, nonce, clock.instant().plusSeconds(10))).isTrue();
        }
        assertThatThrownBy(() -> cache.record(1, "h", clock.instant().plusSeconds(10)))
                .isInstanceOf(PlanetLabException.class);
    }

    @Test
    void sourceAddressMustBeTheRegisteredOne() throws Exception {
        InetAddress registered = InetAddress.ofLiteral("10.1.0.5");

        SourceAddress.require(121, registered, InetAddress.ofLiteral("::ffff:10.1.0.5"));
        assertThatThrownBy(() -> SourceAddress.require(121, registered, InetAddress.ofLiteral("10.1.0.9")))
                .hasMessageContaining("request for node 121 came from 10.1.0.9, but the node is registered at 10.1.0.5");
    }

    @Test
    void nodeKeysAreLongRandomAndSecret() {
        assertThat(key.encoded()).hasSize(64).matches("[0-9a-f]+");
        assertThat(NodeKey.parse(key.encoded())).isEqualTo(key);
        byte[] ones = new byte[48];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertThat(NodeKey.parse(Base64.getEncoder().encodeToString(ones))).isEqualTo(NodeKey.fromBytes(ones));
        assertThat(key.toString()).doesNotContain(key.encoded());
        assertThatThrownBy(() -> NodeKey.parse("79efbe871722771675de604a2f")).hasMessageContaining("at least 256 bits");
        assertThatThrownBy(() -> NodeKey.parse("79efbe871722771675de604a2")).hasMessageContaining("odd number of digits");
    }
}
