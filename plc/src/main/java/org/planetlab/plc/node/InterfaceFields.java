package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fields of a network interface, by the names PLCAPI gives them (method, type, ip, mac, netmask,
 * network, broadcast, gateway, dns1, dns2, bwlimit, hostname, is_primary). For a new interface
 * they are its settings; for a change, the fields to change, a field given as empty being set to
 * nil. Addresses are checked against the interface's family by {@link InterfaceService}.
 */
public record InterfaceFields(Map<String, Optional<Object>> fields) {
    static final List<String> NAMES = List.of("method", "type", "ip", "mac", "netmask", "network", "broadcast",
            "gateway", "dns1", "dns2", "bwlimit", "hostname", "is_primary");

    public InterfaceFields {
        requireNonNull(fields, "fields is null");
        for (String name : fields.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("no interface field " + name + "; the fields are " + NAMES);
            }
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A statically configured IPv4 interface. */
    public static InterfaceFields staticIpv4(String ip, String netmask, String mac) {
        Map<String, Optional<Object>> fields = new LinkedHashMap<>();
        fields.put("method", Optional.of("static"));
        fields.put("type", Optional.of("ipv4"));
        fields.put("ip", Optional.of(ip));
        fields.put("netmask", Optional.of(netmask));
        fields.put("mac", Optional.of(mac));
        return new InterfaceFields(fields);
    }

    /** The fields as columns: given ones with their value, nil ones as null. */
    Map<String, Object> columns() {
        Map<String, Object> columns = new LinkedHashMap<>();
        fields.forEach((name, value) -> columns.put(name, value.orElse(null)));
        return columns;
    }
}
