package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.foreign.ForeignObjects;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.site.SiteRef;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.typetable.TypeValueTable;
import org.planetlab.plc.typetable.TypeValues;
import org.planetlab.trust.node.NodeKey;

/**
 * Registering, changing and deleting nodes, and replacing their keys: hostnames are unique
 * (without case), and only operators and the people of a node's site (or the node itself) may act
 * on it. Operations PLC's own programs use also run as changes of their own on the
 * {@link MutationPath}. Anyone may read nodes, typed ({@link #node}, {@link #nodes}); never their keys.
 */
public final class NodeService {
    private static final String DETAILS = "SELECT t.node_id, t.site_id, t.hostname, t.node_type, t.boot_state, t.model,"
            + " t.version, t.last_contact, t.date_created FROM nodes t WHERE t.deleted = FALSE";

    private final MutationPath mutations;
    private final Database database;
    private final SecureRandom random;

    public NodeService(MutationPath mutations, Database database, SecureRandom random) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.database = requireNonNull(database, "database is null");
        this.random = requireNonNull(random, "random is null");
    }

    /** The live node {@code ref} names, if any; anyone may read nodes (but not their keys). */
    public Optional<NodeDetails> node(NodeRef ref) {
        return database.read(handle -> node(handle, ref));
    }

    public Optional<NodeDetails> node(Handle handle, NodeRef ref) {
        return switch (ref) {
            case NodeRef.ById byId -> Rows.select(handle, DETAILS + " AND t.node_id = ?", List.of(byId.nodeId()))
                    .map((row, context) -> details(row)).findOne();
            case NodeRef.ByHostname byHostname -> Rows.select(handle, DETAILS + " AND t.hostname_key = ?",
                    List.of(byHostname.hostname().toLowerCase(Locale.ROOT))).map((row, context) -> details(row))
                    .findOne();
        };
    }

    /** One page of the live nodes {@code filter} selects, by node id. */
    public List<NodeDetails> nodes(NodeFilter filter) {
        return database.read(handle -> nodes(handle, filter));
    }

    public List<NodeDetails> nodes(Handle handle, NodeFilter filter) {
        StringBuilder sql = new StringBuilder(DETAILS);
        List<Object> parameters = new ArrayList<>();
        filter.siteId().ifPresent(id -> {
            sql.append(" AND t.site_id = ?");
            parameters.add(id);
        });
        filter.bootState().ifPresent(state -> {
            sql.append(" AND t.boot_state = ?");
            parameters.add(state);
        });
        filter.sliceId().ifPresent(id -> {
            sql.append(" AND EXISTS (SELECT 1 FROM slice_nodes sn JOIN slices s ON s.slice_id = sn.slice_id"
                    + " AND s.is_deleted = FALSE WHERE sn.node_id = t.node_id AND sn.slice_id = ?)");
            parameters.add(id);
        });
        filter.page().appendTo(sql, parameters, "t.node_id");
        return Rows.select(handle, sql.toString(), parameters).map((row, context) -> details(row)).list();
    }

    /** How many live nodes are in each boot state, counted in the store (a page of {@link #nodes} stops at its limit). */
    public Map<String, Long> countByBootState(Handle handle) {
        Map<String, Long> counts = new TreeMap<>();
        handle.createQuery("SELECT boot_state, COUNT(*) FROM nodes WHERE deleted = FALSE GROUP BY boot_state")
                .map((row, context) -> Map.entry(row.getString(1), row.getLong(2)))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    private static NodeDetails details(ResultSet row) throws SQLException {
        long lastContact = row.getLong(8);
        OptionalLong contacted = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(lastContact);
        return new NodeDetails(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4), row.getString(5),
                Optional.ofNullable(row.getString(6)), Optional.ofNullable(row.getString(7)), contacted,
                row.getLong(9));
    }

    public long addNode(Caller caller, SiteRef site, NewNode node) {
        return mutations.run(caller, "AddNode", List.of(site.key(), node.hostname()),
                mutation -> addNode(mutation, site, node));
    }

    public long addNode(Mutation mutation, SiteRef ref, NewNode node) {
        Sites.SiteRecord site = Sites.require(mutation.db(), ref.key());
        Permissions.requireSite(mutation.caller(), site.siteId(), "AddNode");
        ForeignObjects.requireLocal(mutation.db(), ObjectType.SITE, site.siteId(), "AddNode");
        String hostname = node.hostname();
        requireFreeHostname(mutation, hostname);
        long nodeId = Database.nextId(mutation.db(), "nodes");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("node_id", nodeId);
        row.put("site_id", site.siteId());
        row.put("hostname", hostname);
        row.put("hostname_key", hostname.toLowerCase(Locale.ROOT));
        String nodeType = node.nodeType().orElse("regular");
        TypeValues.require(mutation.db(), TypeValueTable.NODE_TYPES, nodeType, "node_fields.node_type");
        row.put("node_type", nodeType);
        row.put("boot_state", node.bootState().orElse("reinstall"));
        row.put("model", node.model().orElse(null));
        row.put("version", node.version().orElse(null));
        row.put("node_key", newNodeKey());
        row.put("date_created", mutation.now());
        row.put("last_updated", mutation.now());
        row.put("deleted", false);
        Rows.insert(mutation.db(), "nodes", row);
        mutation.affected(ObjectType.NODE, nodeId);
        mutation.affected(ObjectType.SITE, site.siteId());
        mutation.message("node %d (%s) added at site %s".formatted(nodeId, hostname, site.loginBase()));
        return nodeId;
    }

    public void updateNode(Caller caller, NodeRef node, NodeUpdate update) {
        mutations.run(caller, "UpdateNode", List.of(node.key()), mutation -> {
            updateNode(mutation, node, update);
            return null;
        });
    }

    public void updateNode(Mutation mutation, NodeRef ref, NodeUpdate update) {
        Nodes.NodeRecord node = Nodes.require(mutation.db(), ref.key());
        Nodes.requireManager(mutation.caller(), node, "UpdateNode");
        ForeignObjects.requireLocal(mutation.db(), ObjectType.NODE, node.nodeId(), "UpdateNode");
        Map<String, Object> columns = new LinkedHashMap<>();
        update.hostname().ifPresent(hostname -> {
            if (!hostname.equalsIgnoreCase(node.hostname())) {
                requireFreeHostname(mutation, hostname);
            }
            columns.put("hostname", hostname);
            columns.put("hostname_key", hostname.toLowerCase(Locale.ROOT));
        });
        update.nodeType().ifPresent(value -> {
            TypeValues.require(mutation.db(), TypeValueTable.NODE_TYPES, value, "node_fields.node_type");
            columns.put("node_type", value);
        });
        update.bootState().ifPresent(value -> columns.put("boot_state", value));
        update.model().ifPresent(value -> columns.put("model", value.orElse(null)));
        update.version().ifPresent(value -> columns.put("version", value.orElse(null)));
        columns.put("last_updated", mutation.now());
        Rows.update(mutation.db(), "nodes", "node_id", node.nodeId(), columns);
        mutation.affected(ObjectType.NODE, node.nodeId());
        update.bootState().ifPresent(bootState -> mutation.message("node %d boot state set to %s"
                .formatted(node.nodeId(), bootState)));
    }

    public void deleteNode(Caller caller, NodeRef node) {
        mutations.run(caller, "DeleteNode", List.of(node.key()), mutation -> {
            deleteNode(mutation, node);
            return null;
        });
    }

    public void deleteNode(Mutation mutation, NodeRef ref) {
        Nodes.NodeRecord node = Nodes.require(mutation.db(), ref.key());
        Nodes.requireManager(mutation.caller(), node, "DeleteNode");
        ForeignObjects.requireLocal(mutation.db(), ObjectType.NODE, node.nodeId(), "DeleteNode");
        NodeRemoval.markDeleted(mutation, node.nodeId());
        mutation.affected(ObjectType.SITE, node.siteId());
        mutation.message("node %d (%s) deleted".formatted(node.nodeId(), node.hostname()));
    }

    /** Gives a node a new key; its sessions end, and it must be given the new plnode.txt. */
    public void resetKey(Mutation mutation, NodeRef ref) {
        Nodes.NodeRecord node = Nodes.require(mutation.db(), ref.key());
        Nodes.requireManager(mutation.caller(), node, "ResetNodeKey");
        Rows.update(mutation.db(), "nodes", "node_id", node.nodeId(), Map.of("node_key", newNodeKey(),
                "last_updated", mutation.now()));
        Rows.execute(mutation.db(), "DELETE FROM sessions WHERE node_id = :id", Map.of("id", node.nodeId()));
        mutation.affected(ObjectType.NODE, node.nodeId());
        mutation.message("node %d key replaced".formatted(node.nodeId()));
    }

    /** A fresh node key: 256 bits from the CSPRNG, in the text form of plnode.txt. */
    private String newNodeKey() {
        return NodeKey.generate(random).encoded();
    }

    private static void requireFreeHostname(Mutation mutation, String hostname) {
        if (Nodes.find(mutation.db(), hostname).isPresent()) {
            throw PlanetLabException.alreadyExists("a node with hostname " + hostname + " already exists");
        }
    }
}
