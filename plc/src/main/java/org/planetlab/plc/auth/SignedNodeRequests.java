package org.planetlab.plc.auth;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
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
 *
 * <p>The first node it does not know makes it read every node in one query (and again after a
 * change to every node): when PLC starts, thousands of nodes send their first signed request
 * within seconds, and one query each would queue them all for the connection pool. A node
 * registered since is read alone.
 */
public final class SignedNodeRequests implements NodeRequestAuthenticator, ChangeListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignedNodeRequests.class);
    private record NodeFacts(NodeKey key, long siteId, Optional<InetAddress> address) {}
    private record StoredNode(long nodeId, String key, long siteId, Optional<String> address) {}

    private final Clock clock;
    private final NonceCache nonces;
    private final boolean checkSourceAddress;
    private final Object lock = new Object();
    private final Map<Long, NodeFacts> nodes = new HashMap<>();
    private long generation;
    /** Whether {@link #nodes} was filled with every node since the last change to every node. */
    private boolean everyNodeRead;
    /** Held while every node is read, so that the first requests of many nodes wait for one query, not run one each. */
    private final ReentrantLock readingEveryNode = new ReentrantLock();

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
        Optional<NodeFacts> known = known(nodeId);
        if (known.isPresent()) {
            return known;
        }
        if (!everyNodeRead()) {
            readingEveryNode.lock();
            try {
                known = known(nodeId);
                if (known.isPresent()) {
                    return known;
                }
                if (!everyNodeRead()) {
                    readEveryNode(handle);
                    known = known(nodeId);
                    if (known.isPresent()) {
                        return known;
                    }
                }
            } finally {
                readingEveryNode.unlock();
            }
        }
        long startedAt;
        synchronized (lock) {
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

    private Optional<NodeFacts> known(long nodeId) {
        synchronized (lock) {
            return Optional.ofNullable(nodes.get(nodeId));
        }
    }

    private boolean everyNodeRead() {
        synchronized (lock) {
            return everyNodeRead;
        }
    }

    /**
     * Reads every registered node at once; kept only if nothing changed meanwhile (the generation
     * is taken before the read transaction opens, as for one node).
     */
    private void readEveryNode(Supplier<Handle> handle) {
        long startedAt;
        synchronized (lock) {
            startedAt = generation;
        }
        Map<Long, NodeFacts> read = new HashMap<>();
        handle.get().createQuery("SELECT n.node_id, n.node_key, n.site_id, (SELECT i.ip FROM interfaces i WHERE i.node_id = n.node_id"
                        + " AND i.is_primary = TRUE ORDER BY i.interface_id LIMIT 1) AS ip FROM nodes n WHERE n.deleted = FALSE")
                .map((row, context) -> new StoredNode(row.getLong(1), row.getString(2), row.getLong(3),
                        Optional.ofNullable(row.getString(4))))
                .forEach(node -> {
                    try {
                        read.put(node.nodeId(), new NodeFacts(NodeKey.parse(node.key()), node.siteId(),
                                node.address().map(InetAddress::ofLiteral)));
                    } catch (PlanetLabException | IllegalArgumentException e) {
                        // Left out: read alone when it calls, its request is refused with what is wrong.
                        LOG.warn("node {} has an unusable key or address in the store: {}", node.nodeId(), e.getMessage());
                    }
                });
        synchronized (lock) {
            if (generation == startedAt) {
                nodes.putAll(read);
                everyNodeRead = true;
            }
        }
        LOG.debug("read {} nodes' keys at once", read.size());
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
                everyNodeRead = false;
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
