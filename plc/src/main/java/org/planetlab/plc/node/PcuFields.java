package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fields of a power control unit, by the names PLCAPI gives them (hostname, ip, protocol,
 * username, password, model, notes). For a new PCU they are its settings, the others left unset;
 * for a change, the fields to change, a field given as empty being unset.
 */
public record PcuFields(Map<String, Optional<String>> fields) {
    static final List<String> NAMES = List.of("hostname", "ip", "protocol", "username", "password", "model", "notes");

    public PcuFields {
        requireNonNull(fields, "fields is null");
        for (String name : fields.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("no PCU field " + name + "; the fields are " + NAMES);
            }
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A PCU reached at {@code ip} with the given protocol. */
    public static PcuFields at(String ip, String protocol) {
        Map<String, Optional<String>> fields = new LinkedHashMap<>();
        fields.put("ip", Optional.of(ip));
        fields.put("protocol", Optional.of(protocol));
        return new PcuFields(fields);
    }

    /** The fields as columns: given ones with their value, unset ones as null. */
    Map<String, Object> columns() {
        Map<String, Object> columns = new LinkedHashMap<>();
        fields.forEach((name, value) -> columns.put(name, value.orElse(null)));
        return columns;
    }

    /** Names the fields given, never the password. */
    @Override
    public String toString() {
        return "PcuFields" + fields.keySet();
    }
}
