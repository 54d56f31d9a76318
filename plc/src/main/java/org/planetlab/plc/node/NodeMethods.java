package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/** Registering, changing and deleting nodes; their keys and configuration files. */
public final class NodeMethods {
    private final SecureRandom random;

    public NodeMethods(SecureRandom random) {
        this.random = requireNonNull(random, "random is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddNode", this::addNode)
                .bind("GetNodes", call -> QueryEngine.get(call.db(), NodeTables.NODES,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1),
                        call.caller().isOperator() ? QueryEngine.Access.OPERATOR : QueryEngine.Access.EVERYONE))
                .bind("GetManagedNode", call -> call.db().createQuery(
                        "SELECT node_id FROM nodes WHERE deleted = FALSE AND boot_state <> 'disabled' ORDER BY node_id")
                        .mapTo(Long.class).list())
                .bind("UpdateNode", this::updateNode)
                .bind("DeleteNode", this::deleteNode)
                .bind("GetBootStates", call -> NodeApi.BOOT_STATES)
                .bind("GetNodeConfigFile", this::configFile)
                .bind("ResetNodeKey", this::resetKey);
    }

    /** A fresh node key: 256 bits from the CSPRNG, in the text form of plnode.txt. */
    public String newNodeKey() {
        return NodeKey.generate(random).encoded();
    }

    private Object addNode(Call call) {
        Sites.SiteRecord site = Sites.require(call.db(), call.arg(0));
        Permissions.requireSite(call.caller(), site.siteId(), "AddNode");
        Map<String, Object> fields = call.structArg(1);
        String hostname = (String) fields.get("hostname");
        requireFreeHostname(call, hostname);
        long nodeId = Database.nextId(call.db(), "nodes");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("node_id", nodeId);
        row.put("site_id", site.siteId());
        row.put("hostname", hostname);
        row.put("hostname_key", hostname.toLowerCase(Locale.ROOT));
        row.put("node_type", fields.getOrDefault("node_type", "regular"));
        row.put("boot_state", fields.getOrDefault("boot_state", "reinstall"));
        row.put("model", fields.get("model"));
        row.put("version", fields.get("version"));
        row.put("node_key", newNodeKey());
        row.put("date_created", call.now());
        row.put("last_updated", call.now());
        row.put("deleted", false);
        Rows.insert(call.db(), "nodes", row);
        call.affected(ObjectType.NODE, nodeId);
        call.affected(ObjectType.SITE, site.siteId());
        call.message("node %d (%s) added at site %s".formatted(nodeId, hostname, site.loginBase()));
        return nodeId;
    }

    private Object updateNode(Call call) {
        Nodes.NodeRecord node = Nodes.require(call.db(), call.arg(0));
        Nodes.requireManager(call.caller(), node, "UpdateNode");
        Map<String, Object> fields = new LinkedHashMap<>(call.structArg(1));
        if (fields.containsKey("hostname")) {
            String hostname = (String) fields.get("hostname");
            if (!hostname.equalsIgnoreCase(node.hostname())) {
                requireFreeHostname(call, hostname);
            }
            fields.put("hostname_key", hostname.toLowerCase(Locale.ROOT));
        }
        fields.put("last_updated", call.now());
        Rows.update(call.db(), "nodes", "node_id", node.nodeId(), fields);
        call.affected(ObjectType.NODE, node.nodeId());
        if (fields.containsKey("boot_state")) {
            call.message("node %d boot state set to %s".formatted(node.nodeId(), fields.get("boot_state")));
        }
        return 1L;
    }

    private Object deleteNode(Call call) {
        Nodes.NodeRecord node = Nodes.require(call.db(), call.arg(0));
        Nodes.requireManager(call.caller(), node, "DeleteNode");
        NodeRemoval.markDeleted(call.mutation(), node.nodeId());
        call.affected(ObjectType.SITE, node.siteId());
        call.message("node %d (%s) deleted".formatted(node.nodeId(), node.hostname()));
        return 1L;
    }

    private Object configFile(Call call) {
        Nodes.NodeRecord node = Nodes.require(call.db(), call.arg(0));
        Nodes.requireManager(call.caller(), node, "GetNodeConfigFile");
        String key = call.db().createQuery("SELECT node_key FROM nodes WHERE node_id = :id").bind("id", node.nodeId())
                .mapTo(String.class).one();
        Map<String, Object> primary = call.db().createQuery("SELECT method, ip, mac FROM interfaces WHERE node_id = :id"
                        + " ORDER BY is_primary DESC, interface_id").bind("id", node.nodeId()).mapToMap().findFirst()
                .orElseThrow(() -> PlanetLabException.invalidArgument("node " + node.hostname()
                        + " has no network interface yet; add one with AddInterface first"));
        PlnodeConfig.IpMethod method = "dhcp".equals(primary.get("method")) ? PlnodeConfig.IpMethod.DHCP
                : PlnodeConfig.IpMethod.STATIC;
        return PlnodeFile.format(new PlnodeConfig(method, java.util.Optional.ofNullable((String) primary.get("ip")),
                node.hostname(), java.util.Optional.ofNullable((String) primary.get("mac")), NodeKey.parse(key),
                node.nodeId(), new java.util.TreeMap<>()));
    }

    private Object resetKey(Call call) {
        Nodes.NodeRecord node = Nodes.require(call.db(), call.arg(0));
        Nodes.requireManager(call.caller(), node, "ResetNodeKey");
        Rows.update(call.db(), "nodes", "node_id", node.nodeId(), Map.of("node_key", newNodeKey(),
                "last_updated", call.now()));
        Rows.execute(call.db(), "DELETE FROM sessions WHERE node_id = :id", Map.of("id", node.nodeId()));
        call.affected(ObjectType.NODE, node.nodeId());
        call.message("node %d key replaced".formatted(node.nodeId()));
        return 1L;
    }

    private static void requireFreeHostname(Call call, String hostname) {
        if (Nodes.find(call.db(), hostname).isPresent()) {
            throw PlanetLabException.alreadyExists("a node with hostname " + hostname + " already exists");
        }
    }
}
