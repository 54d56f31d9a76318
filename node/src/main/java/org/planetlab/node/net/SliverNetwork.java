package org.planetlab.node.net;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The network side of slivers on one node: each sliver gets its own network namespace joined to
 * the node by a veth pair, its traffic leaves with the node's address, shaped by an HTB class
 * under the node's rate cap and filtered against spoofing, probe floods and destinations the
 * site blocks. All operations are idempotent so the agent can replay them after a crash.
 *
 * <p>Thread-safe. See {@code docs/node-network.md} for the kernel objects behind it. The
 * operations with a default body came later; implementations without them (test doubles) refuse
 * them with {@code NOT_IMPLEMENTED}.
 */
public interface SliverNetwork extends AutoCloseable {
    /**
     * Creates the node-level objects (root qdisc, filter table, forwarding) and takes over the
     * slivers a previous run of the agent left attached; idempotent.
     */
    void start();

    /**
     * Creates (or completes) the network of one sliver and returns where it lives. Attaching an
     * attached sliver returns its handle again (and applies changed rates).
     *
     * @throws org.planetlab.api.error.PlanetLabException with {@code QUOTA_EXCEEDED} if the
     *     sliver's guaranteed rate does not fit under the node's rate next to the others'
     */
    SliverNetworkHandle attach(SliverNetworkSpec spec);

    /**
     * Changes the rates of an attached sliver.
     *
     * @throws org.planetlab.api.error.PlanetLabException with {@code NOT_FOUND} if it is not
     *     attached, {@code QUOTA_EXCEEDED} if its new guarantee does not fit
     */
    void update(SliverNetworkSpec spec);

    /**
     * Removes everything of one sliver's network; does nothing if there is nothing. The sliver
     * can neither send nor receive once this returns; its kernel objects are removed soon after.
     */
    void detach(String sliverName);

    /**
     * Makes the kernel match {@code desired}: removes every network object of slivers not in it
     * (left behind by a crash) and completes the missing parts of those in it. Returns once the
     * removals are done.
     *
     * @throws org.planetlab.api.error.PlanetLabException with {@code QUOTA_EXCEEDED} naming the
     *     slivers whose guarantees did not fit (all the others were reconciled)
     */
    void reconcile(Collection<SliverNetworkSpec> desired);

    /**
     * Makes the namespaces of slivers attached from now on with {@code factory}. The sliver
     * runtime offers one that puts each network namespace in a user namespace of its own, which
     * the sliver's root is then mapped into (see {@link NamespaceFactory}). Networks that cannot
     * use one ignore it, and their slivers have no raw sockets.
     */
    default void useNamespaceFactory(NamespaceFactory factory) {}

    /** Where an attached sliver's network lives. */
    default Optional<SliverNetworkHandle> handle(String sliverName) {
        throw unsupported("look slivers up");
    }

    /** Bytes and packets each attached sliver has sent and received, by sliver name. */
    Map<String, TrafficCounters> counters();

    /**
     * Sets the node's outgoing rate cap, the site's choice.
     *
     * @throws org.planetlab.api.error.PlanetLabException with {@code QUOTA_EXCEEDED} if the
     *     slivers' guarantees would not fit under it
     */
    void setNodeRate(long kilobitsPerSecond);

    /** Replaces the destinations slivers may not reach, the site's choice. */
    default void setBlockedDestinations(Collection<Ipv4Cidr> destinations) {
        throw unsupported("block destinations");
    }

    /**
     * Copies the traffic of the named slivers (both directions, with their private addresses) to
     * the owner VM's mirror device; an empty collection stops copying.
     *
     * @throws org.planetlab.api.error.PlanetLabException with {@code NOT_FOUND} if no owner VM or
     *     one of the slivers is not attached
     */
    default void mirrorToOwner(Collection<String> sliverNames) {
        throw unsupported("mirror traffic to the owner VM");
    }

    /**
     * Stops background work. If no sliver is attached, also removes the node-level objects and
     * spare slots; otherwise leaves the kernel as it is for the next start to take over.
     */
    @Override
    void close();

    private PlanetLabException unsupported(String what) {
        return new PlanetLabException(ErrorCode.NOT_IMPLEMENTED, getClass().getSimpleName() + " cannot " + what
                + "; use LinuxSliverNetwork");
    }
}
