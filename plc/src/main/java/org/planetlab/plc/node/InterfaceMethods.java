package org.planetlab.plc.node;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;

/** Network interfaces of nodes, including the bandwidth cap a site sets on its node. */
public final class InterfaceMethods {
    private static final List<String> ADDRESS_FIELDS =
            List.of("ip", "netmask", "network", "broadcast", "gateway", "dns1", "dns2");

    public void register(MethodRegistry registry) {
        registry.bind("AddInterface", this::addInterface)
                .bind("GetInterfaces", call -> QueryEngine.get(call.db(), NodeTables.INTERFACES,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateInterface", this::updateInterface)
                .bind("DeleteInterface", this::deleteInterface);
    }

    private Object addInterface(Call call) {
        Nodes.NodeRecord node = Nodes.require(call.db(), call.arg(0));
        Nodes.requireManager(call.caller(), node, "AddInterface");
        Map<String, Object> fields = call.structArg(1);
        boolean first = call.db().createQuery("SELECT COUNT(*) FROM interfaces WHERE node_id = :id")
                .bind("id", node.nodeId()).mapTo(Long.class).one() == 0;
        Map<String, Object> row = new LinkedHashMap<>();
        long interfaceId = Database.nextId(call.db(), "interfaces");
        row.put("interface_id", interfaceId);
        row.put("node_id", node.nodeId());
        for (String field : List.of("method", "type", "ip", "mac", "netmask", "network", "broadcast", "gateway",
                "dns1", "dns2", "bwlimit", "hostname")) {
            row.put(field, fields.get(field));
        }
        if (row.get("mac") instanceof String mac) {
            row.put("mac", mac.toLowerCase(Locale.ROOT));
        }
        boolean primary = first || (Boolean) fields.getOrDefault("is_primary", false);
        row.put("is_primary", primary);
        row.put("last_updated", call.now());
        validate(row);
        if (primary) {
            Rows.execute(call.db(), "UPDATE interfaces SET is_primary = FALSE WHERE node_id = :id",
                    Map.of("id", node.nodeId()));
        }
        Rows.insert(call.db(), "interfaces", row);
        call.affected(ObjectType.INTERFACE, interfaceId);
        call.affected(ObjectType.NODE, node.nodeId());
        return interfaceId;
    }

    private Object updateInterface(Call call) {
        long interfaceId = call.longArg(0);
        Map<String, Object> current = call.db().createQuery("SELECT * FROM interfaces WHERE interface_id = :id")
                .bind("id", interfaceId).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no interface with interface_id " + interfaceId));
        Nodes.NodeRecord node = Nodes.require(call.db(), ((Number) current.get("node_id")).longValue());
        Nodes.requireManager(call.caller(), node, "UpdateInterface");
        Map<String, Object> fields = new LinkedHashMap<>(call.structArg(1));
        if (fields.get("mac") instanceof String mac) {
            fields.put("mac", mac.toLowerCase(Locale.ROOT));
        }
        Map<String, Object> merged = new LinkedHashMap<>(current);
        merged.putAll(fields);
        validate(merged);
        if (Boolean.TRUE.equals(fields.get("is_primary"))) {
            Rows.execute(call.db(), "UPDATE interfaces SET is_primary = FALSE WHERE node_id = :id",
                    Map.of("id", node.nodeId()));
        }
        fields.put("last_updated", call.now());
        Rows.update(call.db(), "interfaces", "interface_id", interfaceId, fields);
        call.affected(ObjectType.INTERFACE, interfaceId);
        call.affected(ObjectType.NODE, node.nodeId());
        return 1L;
    }

    private Object deleteInterface(Call call) {
        long interfaceId = call.longArg(0);
        long nodeId = call.db().createQuery("SELECT node_id FROM interfaces WHERE interface_id = :id")
                .bind("id", interfaceId).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no interface with interface_id " + interfaceId));
        Nodes.NodeRecord node = Nodes.require(call.db(), nodeId);
        Nodes.requireManager(call.caller(), node, "DeleteInterface");
        Rows.execute(call.db(), "DELETE FROM interfaces WHERE interface_id = :id", Map.of("id", interfaceId));
        call.affected(ObjectType.INTERFACE, interfaceId);
        call.affected(ObjectType.NODE, nodeId);
        return 1L;
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
