package org.planetlab.plc.node;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.node.NodeKey;
import org.planetlab.trust.node.PlnodeConfig;
import org.planetlab.trust.node.PlnodeFile;

/**
 * A node's {@code plnode.txt} (Architecture §4.1) as the registry has it now: its primary
 * interface's addressing, its name, id and current node key. GetNodeConfigFile,
 * GenerateNodeConfFile and GetBootMedium return it.
 */
public final class NodeConfigFile {
    private NodeConfigFile() {}

    /** The file's text; refused while the node has no interface. */
    public static String text(Handle handle, Nodes.NodeRecord node) {
        String key = handle.createQuery("SELECT node_key FROM nodes WHERE node_id = :id").bind("id", node.nodeId())
                .mapTo(String.class).one();
        Map<String, Object> primary = handle.createQuery("SELECT method, ip, mac FROM interfaces WHERE node_id = :id"
                        + " ORDER BY is_primary DESC, interface_id").bind("id", node.nodeId()).mapToMap().findFirst()
                .orElseThrow(() -> PlanetLabException.invalidArgument("node " + node.hostname()
                        + " has no network interface yet; add one with AddInterface first"));
        PlnodeConfig.IpMethod method = "dhcp".equals(primary.get("method")) ? PlnodeConfig.IpMethod.DHCP
                : PlnodeConfig.IpMethod.STATIC;
        return PlnodeFile.format(new PlnodeConfig(method, Optional.ofNullable((String) primary.get("ip")),
                node.hostname(), Optional.ofNullable((String) primary.get("mac")), NodeKey.parse(key),
                node.nodeId(), new TreeMap<>()));
    }
}
