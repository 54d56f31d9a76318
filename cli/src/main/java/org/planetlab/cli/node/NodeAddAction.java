package org.planetlab.cli.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.cli.command.Action;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.ExtraOption;
import org.planetlab.cli.command.Invocation;

/**
 * {@code pl node add SITE --hostname H [--ip A] [--mac M]}: AddNode, then AddInterface for the
 * node's primary interface (static with --ip, DHCP with only --mac). If the interface is refused
 * the node is deleted again, so that running the command again after fixing the address works.
 */
public final class NodeAddAction implements Action, CallsMethods {
    public static final ExtraOption IP = new ExtraOption("--ip", "ADDRESS",
            "Primary interface address (static); the interface is created with the node.");
    public static final ExtraOption MAC = new ExtraOption("--mac", "MAC",
            "Primary interface hardware address; with no --ip the interface uses DHCP.");

    @Override
    public List<String> methods() {
        return List.of("AddInterface", "DeleteNode");
    }

    @Override
    public Object run(Invocation invocation) {
        Object nodeId = invocation.call();
        String ip = invocation.option(IP.name());
        String mac = invocation.option(MAC.name());
        if (ip == null && mac == null) {
            return nodeId;
        }
        Map<String, Object> primary = new LinkedHashMap<>();
        primary.put("method", ip == null ? "dhcp" : "static");
        primary.put("type", ip != null && ip.contains(":") ? "ipv6" : "ipv4");
        if (ip != null) {
            primary.put("ip", ip);
        }
        if (mac != null) {
            primary.put("mac", mac);
        }
        PlcClient client = invocation.client();
        try {
            Object interfaceId = client.call("AddInterface", nodeId, primary);
            invocation.context().message("node " + nodeId + " added with primary interface " + interfaceId);
        } catch (PlanetLabException refused) {
            throw withdraw(client, nodeId, refused);
        }
        return nodeId;
    }

    private static PlanetLabException withdraw(PlcClient client, Object nodeId, PlanetLabException refused) {
        try {
            client.call("DeleteNode", nodeId);
        } catch (PlanetLabException alsoRefused) {
            return new PlanetLabException(refused.code(), "node " + nodeId + " was added but its interface was refused ("
                    + refused.getMessage() + ") and deleting the node failed too (" + alsoRefused.getMessage()
                    + "); add the interface with pl interface add " + nodeId + " or delete the node", refused);
        }
        return new PlanetLabException(refused.code(), "the primary interface was refused, so node " + nodeId
                + " was deleted again: " + refused.getMessage(), refused);
    }
}
