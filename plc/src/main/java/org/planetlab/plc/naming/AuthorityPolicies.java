package org.planetlab.plc.naming;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.node.NodeTables;

/**
 * The one rule for putting a slice on nodes across authorities (Architecture §2.4: a management
 * authority decides which slice authorities' slices its nodes run). A slice of slice authority A
 * (its site's naming authority, or for a peer's slice the peer's hrn_root, else its peername) may
 * be on a node of this PLC under management authority M when
 * <ul>
 *   <li>a policy for (A, M) exists (a row of {@code authority_policies}, written with
 *       AddAuthorityPolicy or from a foreign authority's {@code trusted_roots/A.policy}), the node
 *       is in one of its node groups if it names any, and A's slices then hold at most its
 *       max_slivers slivers on M's nodes; or
 *   <li>there is no policy for (A, M) and M is A's own (the same hrn), or M is PLC's own
 *       management authority, whose nodes run every slice as they did before there were others.
 * </ul>
 * AddSliceToNodes, the aggregate's Allocate and Provision and RefreshPeer's slices of a peer all
 * ask here. A peer's nodes are managed by the peer and not checked.
 */
public final class AuthorityPolicies {
    private AuthorityPolicies() {}

    /** Why a slice may not be on a node: the error code and a message naming the rule. */
    public record Refusal(long nodeId, ErrorCode code, String message) {
        public PlanetLabException exception() {
            return new PlanetLabException(code, message);
        }
    }

    private record Rule(long policyId, Set<Long> nodeGroupIds, Optional<Long> maxSlivers, String source) {}

    private static final String SLICE_AUTHORITY = "CASE WHEN s.peer_id IS NOT NULL THEN COALESCE(p.hrn_root, p.peername)"
            + " ELSE COALESCE(a.hrn, o.hrn) END";
    private static final String SLICE_JOINS = " JOIN sites st ON st.site_id = s.site_id"
            + " LEFT JOIN naming_authorities a ON a.naming_authority_id = st.naming_authority_id"
            + " LEFT JOIN peers p ON p.peer_id = s.peer_id"
            + " JOIN naming_authorities o ON o.is_own = TRUE";

    /** The slice authority of a slice: its site's naming authority, or its peer's. */
    public static String sliceAuthority(Handle handle, long sliceId) {
        return handle.createQuery("SELECT " + SLICE_AUTHORITY + " FROM slices s" + SLICE_JOINS + " WHERE s.slice_id = :slice")
                .bind("slice", sliceId).mapTo(String.class).one();
    }

    /** Refuses, with the first refusal, putting the slice on {@code nodeIds} (checked as if it were on them). */
    public static void require(Handle handle, long sliceId, String sliceName, List<Long> nodeIds) {
        List<Refusal> refusals = check(handle, sliceId, sliceName, nodeIds);
        if (!refusals.isEmpty()) {
            throw refusals.getFirst().exception();
        }
    }

    /**
     * The refusals of putting the slice on {@code nodeIds}, in their order: each node accepted
     * counts towards the limit of the next. Whether the slice already is on those nodes does not
     * matter: they are counted once.
     */
    public static List<Refusal> check(Handle handle, long sliceId, String sliceName, List<Long> nodeIds) {
        List<Refusal> refusals = new ArrayList<>();
        if (nodeIds.isEmpty() || onlyPlcsOwn(handle)) {
            // No other management authority and no policy: PLC's own nodes run every slice.
            return refusals;
        }
        String sa = sliceAuthority(handle, sliceId);
        Map<Long, Long> accepted = new HashMap<>();
        for (long nodeId : nodeIds) {
            Optional<String> peer = handle.createQuery("SELECT CAST(peer_id AS VARCHAR(32)) FROM nodes WHERE node_id = :node"
                    + " AND peer_id IS NOT NULL").bind("node", nodeId).mapTo(String.class).findOne();
            if (peer.isPresent()) {
                continue;
            }
            ManagementAuthorities.AuthorityRecord ma = ManagementAuthorities.ofNode(handle, nodeId);
            String hostname = handle.createQuery("SELECT hostname FROM nodes WHERE node_id = :node").bind("node", nodeId)
                    .mapTo(String.class).one();
            Optional<Rule> rule = rule(handle, sa, ma.managementAuthorityId());
            if (rule.isEmpty()) {
                if (ma.isOwn() || ma.hrn().equals(sa)) {
                    continue;
                }
                refusals.add(new Refusal(nodeId, ErrorCode.PERMISSION_DENIED, ("slice %s is of slice authority %s and node %s"
                        + " of management authority %s; no authority policy lets %s's slices run on %s's nodes (an"
                        + " operator adds one with AddAuthorityPolicy)").formatted(sliceName, sa, hostname, ma.hrn(), sa,
                        ma.hrn())));
                continue;
            }
            Rule found = rule.get();
            if (!found.nodeGroupIds().isEmpty()) {
                Set<Long> groups = new HashSet<>(NodeTables.nodeGroupIds(handle, nodeId));
                groups.retainAll(found.nodeGroupIds());
                if (groups.isEmpty()) {
                    refusals.add(new Refusal(nodeId, ErrorCode.PERMISSION_DENIED, ("slice %s is of slice authority %s;"
                            + " the policy for %s on management authority %s (%s) allows only the node groups %s, and node"
                            + " %s is in none of them").formatted(sliceName, sa, sa, ma.hrn(), found.source(),
                            groupNames(handle, found.nodeGroupIds()), hostname)));
                    continue;
                }
            }
            if (found.maxSlivers().isPresent()) {
                long max = found.maxSlivers().get();
                long already = accepted.computeIfAbsent(ma.managementAuthorityId(),
                        id -> slivers(handle, sa, id, sliceId, nodeIds));
                if (already + 1 > max) {
                    refusals.add(new Refusal(nodeId, ErrorCode.QUOTA_EXCEEDED, ("slice %s on node %s would give slice"
                            + " authority %s's slices %d slivers on the nodes of management authority %s; the policy for"
                            + " them (%s) allows at most %d").formatted(sliceName, hostname, sa, already + 1, ma.hrn(),
                            found.source(), max)));
                    continue;
                }
                accepted.put(ma.managementAuthorityId(), already + 1);
            }
        }
        return refusals;
    }

    private static boolean onlyPlcsOwn(Handle handle) {
        return handle.createQuery("SELECT (SELECT COUNT(*) FROM management_authorities WHERE is_own = FALSE)"
                + " + (SELECT COUNT(*) FROM authority_policies)").mapTo(Long.class).one() == 0;
    }

    /** The slivers A's slices hold on M's live nodes, not counting this slice on {@code candidates}. */
    private static long slivers(Handle handle, String sa, long maId, long sliceId, List<Long> candidates) {
        long own = ManagementAuthorities.own(handle).managementAuthorityId();
        List<long[]> rows = handle.createQuery("SELECT sn.slice_id, sn.node_id FROM slice_nodes sn JOIN slices s"
                        + " ON s.slice_id = sn.slice_id AND s.is_deleted = FALSE JOIN nodes n ON n.node_id = sn.node_id"
                        + " AND n.deleted = FALSE AND n.peer_id IS NULL" + SLICE_JOINS + " WHERE " + SLICE_AUTHORITY
                        + " = :sa AND COALESCE(n.management_authority_id, :own) = :ma")
                .bind("sa", sa).bind("own", own).bind("ma", maId)
                .map((row, context) -> new long[] {row.getLong(1), row.getLong(2)}).list();
        return rows.stream().filter(row -> !(row[0] == sliceId && candidates.contains(row[1]))).count();
    }

    private static Optional<Rule> rule(Handle handle, String sa, long maId) {
        Optional<Map<String, Object>> row = handle.createQuery("SELECT authority_policy_id, max_slivers, policy_file"
                        + " FROM authority_policies WHERE slice_authority = :sa AND management_authority_id = :ma")
                .bind("sa", sa).bind("ma", maId).mapToMap().findOne();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        long id = ((Number) row.get().get("authority_policy_id")).longValue();
        Object max = row.get().get("max_slivers");
        Object file = row.get().get("policy_file");
        Set<Long> groups = new HashSet<>(handle.createQuery("SELECT nodegroup_id FROM authority_policy_nodegroups"
                + " WHERE authority_policy_id = :id").bind("id", id).mapTo(Long.class).list());
        return Optional.of(new Rule(id, groups, max == null ? Optional.empty() : Optional.of(((Number) max).longValue()),
                file == null ? "authority_policy_id " + id : file.toString()));
    }

    private static List<String> groupNames(Handle handle, Set<Long> ids) {
        List<String> names = new ArrayList<>();
        for (long id : ids) {
            handle.createQuery("SELECT groupname FROM nodegroups WHERE nodegroup_id = :id").bind("id", id)
                    .mapTo(String.class).findOne().ifPresent(names::add);
        }
        names.sort(null);
        return names;
    }
}
