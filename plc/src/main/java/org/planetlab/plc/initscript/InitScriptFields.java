package org.planetlab.plc.initscript;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fields of an init script, by the names PLCAPI gives them (name, enabled, script): for a new
 * script its settings (enabled by default), for a change the fields to change.
 */
public record InitScriptFields(Map<String, Object> fields) {
    static final List<String> NAMES = List.of("name", "enabled", "script");

    public InitScriptFields {
        requireNonNull(fields, "fields is null");
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (!NAMES.contains(field.getKey())) {
                throw new IllegalArgumentException("no init script field " + field.getKey() + "; the fields are "
                        + NAMES);
            }
            requireNonNull(field.getValue(), () -> "init script field " + field.getKey() + " is null");
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An enabled script named {@code name}. */
    public static InitScriptFields of(String name, String script) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("script", script);
        return new InitScriptFields(fields);
    }

    /** The new name, if the fields change it. */
    String name() {
        return (String) fields.get("name");
    }
}
