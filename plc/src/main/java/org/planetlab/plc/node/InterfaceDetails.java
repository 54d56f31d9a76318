package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A live node's network interface as its readers see it; absent settings are empty. */
public record InterfaceDetails(long interfaceId, long nodeId, String method, String type, Optional<String> ip,
        Optional<String> netmask, Optional<String> gateway, Optional<String> dns1, Optional<String> dns2,
        Optional<String> mac, boolean primary) {
    public InterfaceDetails {
        requireNonNull(method, "method is null");
        requireNonNull(type, "type is null");
        requireNonNull(ip, "ip is null");
        requireNonNull(netmask, "netmask is null");
        requireNonNull(gateway, "gateway is null");
        requireNonNull(dns1, "dns1 is null");
        requireNonNull(dns2, "dns2 is null");
        requireNonNull(mac, "mac is null");
    }
}
