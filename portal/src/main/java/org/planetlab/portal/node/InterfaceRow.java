package org.planetlab.portal.node;

import java.util.Map;

/** A node's network interface as a tech edits it; absent values are empty strings. */
public record InterfaceRow(long interfaceId, String method, String type, String ip, String netmask, String gateway,
        String dns1, String dns2, String mac, boolean primary) {
    static InterfaceRow of(Map<String, Object> wire) {
        return new InterfaceRow(((Number) wire.get("interface_id")).longValue(), text(wire, "method"),
                text(wire, "type"), text(wire, "ip"), text(wire, "netmask"), text(wire, "gateway"), text(wire, "dns1"),
                text(wire, "dns2"), text(wire, "mac"), Boolean.TRUE.equals(wire.get("is_primary")));
    }

    private static String text(Map<String, Object> wire, String field) {
        return wire.get(field) == null ? "" : wire.get(field).toString();
    }

    /** The id its form's fields carry, so that several interfaces' forms on one page stay apart. */
    public String fieldId(String field) {
        return "interface-" + interfaceId + "-" + field;
    }
}
