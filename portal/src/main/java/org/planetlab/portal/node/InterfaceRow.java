package org.planetlab.portal.node;

import org.planetlab.plc.node.InterfaceDetails;

/** A node's network interface as a tech edits it; absent values are empty strings. */
public record InterfaceRow(long interfaceId, String method, String type, String ip, String netmask, String gateway,
        String dns1, String dns2, String mac, boolean primary) {
    static InterfaceRow of(InterfaceDetails details) {
        return new InterfaceRow(details.interfaceId(), details.method(), details.type(), details.ip().orElse(""),
                details.netmask().orElse(""), details.gateway().orElse(""), details.dns1().orElse(""),
                details.dns2().orElse(""), details.mac().orElse(""), details.primary());
    }

    /** The id its form's fields carry, so that several interfaces' forms on one page stay apart. */
    public String fieldId(String field) {
        return "interface-" + interfaceId + "-" + field;
    }
}
