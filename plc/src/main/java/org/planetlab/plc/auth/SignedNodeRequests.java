package org.planetlab.plc.auth;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.change.ChangeListener;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.change.ObjectRef;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.NodeRequestVerifier;
import org.planetlab.trust.node.NonceCache;
import org.planetlab.trust.node.SourceAddress;

/**
 * Authenticates nodes by the HMAC signature over their whole HTTP request, made with the node
 * key from their {@code plnode.txt}, fresh and never replayed; then checks the request came from
 * the node's registered address (Architecture §4.8.2), unless the node has none registered
 * (an address configured by DHCP).
 *
 * <p>What it needs of a node (key, site, address) is kept in memory, so a polling node costs no
 * database access; a committed change to the node drops it. A lookup that ran while such a change
 * was being committed is not kept, so a reset key never outlives its reset.
 */
public final class SignedNodeRequests implements NodeRequestAuthenticator, ChangeListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignedNodeRequests.class);
    private record NodeFacts(NodeKey key, long siteId, Optional<InetAddress> address) {}

    private final Clock clock;
    private final NonceCache nonces;
    private final boolean checkSourceAddress;
    private final Object lock = new Object();
    private final Map<Long, NodeFacts> nodes = new HashMap<>();
    private long generation;

    public SignedNodeRequests(Clock clock, boolean checkSourceAddress) {
        this(clock, checkSourceAddress, NodeRequestVerifier.DEFAULT_MAX_NONCES);
    }

    /**
     * @param replayCacheEntries how many recent requests the replay cache holds at least; it holds
     *     {@link NodeRequestVerifier#DEFAULT_NONCES_PER_NODE} for each node calling if that is more
     */
    public SignedNodeRequests(Clock clock, boolean checkSourceAddress, int replayCacheEntries) {
        this.clock = requireNonNull(clock, "clock is null");
        this.nonces = new NonceCache(clock, replayCacheEntries, NodeRequestVerifier.DEFAULT_NONCES_PER_NODE);
        this.checkSourceAddress = checkSourceAddress;
    }

    @Override
    public SignedBy authenticate(Supplier<Handle> handle, RequestContext request) {
        try {
            return verify(handle, request);
        } catch (PlanetLabException e) {
            // The node hears why; PLC's operators see it too (a node booting with a stale
            // plnode.txt, or from the wrong machine).
            LOG.warn("refused a node request from {}: {}", request.remoteAddress().getHostAddress(), e.getMessage());
            throw e;
        }
    }

    private SignedBy verify(Supplier<Handle> handle, RequestContext request) {
        NodeRequestVerifier verifier = new NodeRequestVerifier(nodeId -> facts(handle, nodeId).map(NodeFacts::key), clock,
                NodeRequestVerifier.DEFAULT_WINDOW, nonces);
        long nodeId = verifier.verify(request.httpMethod(), request.pathAndQuery(),
                request.header("Authorization").orElse(null), request.body()).nodeId();
        NodeFacts facts = facts(handle, nodeId).orElseThrow(() -> new PlanetLabException(
                ErrorCode.AUTHENTICATION_FAILED, "node " + nodeId + " is not registered"));
        if (checkSourceAddress) {
            facts.address().ifPresent(registered -> SourceAddress.require(nodeId, registered, request.remoteAddress()));
        }
        return new SignedBy(nodeId, facts.siteId());
    }

    @Override
    public SignedBy authenticateArguments(Supplier<Handle> handle, long nodeId, String value, List<?> args,
            RequestContext request) {
        NodeFacts facts = facts(handle, nodeId).orElseThrow(() -> new PlanetLabException(
                ErrorCode.AUTHENTICATION_FAILED, "node " + nodeId + " is not registered"));
        // Keyed with NODE_KEY as plnode.txt writes it, the string the original node software uses.
        if (!FlattenedArgumentsHmac.matches(facts.key().encoded(), args, value)) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "auth.value is not the HMAC of this call's"
                    + " arguments with node " + nodeId + "'s key; check NODE_KEY in plnode.txt");
        }
        // The digest can be replayed as often as the same call is made: only from the node's address.
        if (checkSourceAddress) {
            facts.address().ifPresent(registered -> SourceAddress.require(nodeId, registered, request.remoteAddress()));
        }
        return new SignedBy(nodeId, facts.siteId());
    }

    private Optional<NodeFacts> facts(Supplier<Handle> handle, long nodeId) {
        long startedAt;
        synchronized (lock) {
            NodeFacts known = nodes.get(nodeId);
            if (known != null) {
                return Optional.of(known);
            }
            startedAt = generation;
        }
        Optional<NodeFacts> loaded = load(handle.get(), nodeId);
        loaded.ifPresent(facts -> {
            synchronized (lock) {
                if (generation == startedAt) {
                    nodes.put(nodeId, facts);
                }
            }
        });
        return loaded;
    }

    private static Optional<NodeFacts> load(Handle handle, long nodeId) {
        return handle.createQuery("SELECT node_key, site_id FROM nodes WHERE node_id = :id AND deleted = FALSE")
                .bind("id", nodeId).mapToMap().findOne()
                .map(row -> new NodeFacts(NodeKey.parse((String) row.get("node_key")),
                        ((Number) row.get("site_id")).longValue(),
                        handle.createQuery("SELECT ip FROM interfaces WHERE node_id = :id AND is_primary = TRUE")
                                .bind("id", nodeId).mapTo(String.class).findFirst().map(InetAddress::ofLiteral)));
    }

    @Override
    public void committed(Changes changes) {
        synchronized (lock) {
            generation++;
            if (changes.everyNode()) {
                nodes.clear();
                return;
            }
            for (ObjectRef object : changes.objects()) {
                if (object.type() == ObjectType.NODE) {
                    nodes.remove(object.id());
                }
            }
        }
    }
}
