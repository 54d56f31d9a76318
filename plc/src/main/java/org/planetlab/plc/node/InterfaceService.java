package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Network interfaces of nodes, including the bandwidth cap a site sets on its node: addresses
 * are real literals of the interface's family, a static interface has one, a node has exactly
 * one primary interface (its first, unless another is made primary).
 */
public final class InterfaceService {
    private static final List<String> ADDRESS_FIELDS =
            List.of("ip", "netmask", "network", "broadcast", "gateway", "dns1", "dns2");
    private static final List<String> STORED_FIELDS = List.of("method", "type", "ip", "mac", "netmask", "network",
            "broadcast", "gateway", "dns1", "dns2", "bwlimit", "hostname");

    private final MutationPath mutations;

    public InterfaceService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    /** The interfaces of node {@code nodeId}, by id; anyone may read interfaces (GetInterfaces). */
    public List<InterfaceDetails> interfaces(Handle handle, long nodeId) {
        return handle.createQuery("SELECT interface_id, node_id, method, type, ip, netmask, gateway, dns1, dns2, mac,"
                        + " is_primary FROM interfaces WHERE node_id = :node ORDER BY interface_id")
                .bind("node", nodeId)
                .map((row, context) -> new InterfaceDetails(row.getLong(1), row.getLong(2), row.getString(3),
                        row.getString(4), Optional.ofNullable(row.getString(5)), Optional.ofNullable(row.getString(6)),
                        Optional.ofNullable(row.getString(7)), Optional.ofNullable(row.getString(8)),
                        Optional.ofNullable(row.getString(9)), Optional.ofNullable(row.getString(10)),
                        row.getBoolean(11)))
                .list();
    }

    public long addInterface(Caller caller, NodeRef node, InterfaceFields settings) {
        return mutations.run(caller, "AddInterface", List.of(node.key()),
                mutation -> addInterface(mutation, node, settings));
    }

    public long addInterface(Mutation mutation, NodeRef ref, InterfaceFields settings) {
        Nodes.NodeRecord node = Nodes.require(mutation.db(), ref.key());
        Nodes.requireManager(mutation.caller(), node, "AddInterface");
        Map<String, Object> fields = settings.columns();
        boolean first = mutation.db().createQuery("SELECT COUNT(*) FROM interfaces WHERE node_id = :id")
                .bind("id", node.nodeId()).mapTo(Long.class).one() == 0;
        Map<String, Object> row = new LinkedHashMap<>();
        long interfaceId = Database.nextId(mutation.db(), "interfaces");
        row.put("interface_id", interfaceId);
        row.put("node_id", node.nodeId());
        for (String field : STORED_FIELDS) {
            row.put(field, fields.get(field));
        }
        if (row.get("mac") instanceof String mac) {
            row.put("mac", mac.toLowerCase(Locale.ROOT));
        }
        boolean primary = first || Boolean.TRUE.equals(fields.get("is_primary"));
        row.put("is_primary", primary);
        row.put("last_updated", mutation.now());
        validate(row);
        if (primary) {
            Rows.execute(mutation.db(), "UPDATE interfaces SET is_primary = FALSE WHERE node_id = :id",
                    Map.of("id", node.nodeId()));
        }
        Rows.insert(mutation.db(), "interfaces", row);
        mutation.affected(ObjectType.INTERFACE, interfaceId);
        mutation.affected(ObjectType.NODE, node.nodeId());
        return interfaceId;
    }

    public void updateInterface(Mutation mutation, long interfaceId, InterfaceFields changes) {
        Map<String, Object> current = mutation.db().createQuery("SELECT * FROM interfaces WHERE interface_id = :id")
                .bind("id", interfaceId).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no interface with interface_id " + interfaceId));
        Nodes.NodeRecord node = Nodes.require(mutation.db(), ((Number) current.get("node_id")).longValue());
        Nodes.requireManager(mutation.caller(), node, "UpdateInterface");
        Map<String, Object> fields = changes.columns();
        if (fields.get("mac") instanceof String mac) {
            fields.put("mac", mac.toLowerCase(Locale.ROOT));
        }
        Map<String, Object> merged = new LinkedHashMap<>(current);
        merged.putAll(fields);
        validate(merged);
        if (Boolean.TRUE.equals(fields.get("is_primary"))) {
            Rows.execute(mutation.db(), "UPDATE interfaces SET is_primary = FALSE WHERE node_id = :id",
                    Map.of("id", node.nodeId()));
        }
        fields.put("last_updated", mutation.now());
        Rows.update(mutation.db(), "interfaces", "interface_id", interfaceId, fields);
        mutation.affected(ObjectType.INTERFACE, interfaceId);
        mutation.affected(ObjectType.NODE, node.nodeId());
    }

    public void deleteInterface(Mutation mutation, long interfaceId) {
        long nodeId = mutation.db().createQuery("SELECT node_id FROM interfaces WHERE interface_id = :id")
                .bind("id", interfaceId).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no interface with interface_id " + interfaceId));
        Nodes.NodeRecord node = Nodes.require(mutation.db(), nodeId);
        Nodes.requireManager(mutation.caller(), node, "DeleteInterface");
        Rows.execute(mutation.db(), "DELETE FROM interface_tags WHERE interface_id = :id", Map.of("id", interfaceId));
        IlinkService.deleteLinksOf(mutation.db(), ":id", Map.of("id", interfaceId));
        Rows.execute(mutation.db(), "DELETE FROM interfaces WHERE interface_id = :id", Map.of("id", interfaceId));
        mutation.affected(ObjectType.INTERFACE, interfaceId);
        mutation.affected(ObjectType.NODE, nodeId);
    }

    /** Checks addresses are real literals of the interface's family and static interfaces have one. */
    private static void validate(Map<String, Object> row) {
        boolean ipv4 = "ipv4".equals(row.get("type"));
        for (String field : ADDRESS_FIELDS) {
            if (row.get(field) instanceof String text) {
                InetAddress address;
                try {
                    address = InetAddress.ofLiteral(text);
                } catch (IllegalArgumentException e) {
                    throw PlanetLabException.invalidArgument("interface_fields." + field + ": \"" + text
                            + "\" is not a valid IP address");
                }
                if ((address instanceof Inet4Address) != ipv4) {
                    throw PlanetLabException.invalidArgument("interface_fields.%s: %s is not an %s address"
                            .formatted(field, text, row.get("type")));
                }
            }
        }
        if ("static".equals(row.get("method")) && row.get("ip") == null) {
            throw PlanetLabException.invalidArgument("interface_fields.ip: a static interface needs an address");
        }
    }
}
