package org.planetlab.plc.node;

/**
 * Writes a node's {@code plnode.txt}: the node's identity and key in the seed's
 * {@code NAME = "value"} format.
 */
final class NodeConfigFile {
    private NodeConfigFile() {}

    static String render(long nodeId, String hostname, String method, String ip, String mac, String nodeKey) {
        StringBuilder text = new StringBuilder();
        line(text, "IP_METHOD", method);
        if (ip != null) {
            line(text, "IP_ADDRESS", ip);
        }
        line(text, "HOST_NAME", hostname);
        if (mac != null) {
            line(text, "NET_DEV", mac);
        }
        line(text, "NODE_KEY", nodeKey);
        line(text, "NODE_ID", Long.toString(nodeId));
        return text.toString();
    }

    private static void line(StringBuilder text, String name, String value) {
        text.append(name).append(" = \"").append(value).append("\"\n");
    }
}
