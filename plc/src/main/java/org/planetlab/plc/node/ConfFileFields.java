package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fields of a configuration file, by the names PLCAPI gives them (enabled, source, dest,
 * file_permissions, file_owner, file_group, preinstall_cmd, postinstall_cmd, error_cmd,
 * ignore_cmd_errors, always_update). For a new file they are its settings, the others taking
 * their defaults; for a change, the fields to change, a field given as empty being unset.
 */
public record ConfFileFields(Map<String, Optional<Object>> fields) {
    static final List<String> NAMES = List.of("enabled", "source", "dest", "file_permissions", "file_owner",
            "file_group", "preinstall_cmd", "postinstall_cmd", "error_cmd", "ignore_cmd_errors", "always_update");

    public ConfFileFields {
        requireNonNull(fields, "fields is null");
        for (String name : fields.keySet()) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("no configuration file field " + name + "; the fields are " + NAMES);
            }
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A file nodes download from {@code source} (relative to the boot server) and install at {@code dest}. */
    public static ConfFileFields installing(String source, String dest) {
        Map<String, Optional<Object>> fields = new LinkedHashMap<>();
        fields.put("source", Optional.of(source));
        fields.put("dest", Optional.of(dest));
        return new ConfFileFields(fields);
    }

    /** The fields as columns: given ones with their value, unset ones as null. */
    Map<String, Object> columns() {
        Map<String, Object> columns = new LinkedHashMap<>();
        fields.forEach((name, value) -> columns.put(name, value.orElse(null)));
        return columns;
    }
}
