package org.planetlab.plc.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.method.MethodHelp;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Param;
import org.planetlab.api.method.Role;
import org.planetlab.api.schema.Field;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.schema.ValueType;

/** Describes methods as JSON for {@code GET /api/v1/}. */
final class CatalogJson {
    private CatalogJson() {}

    static Map<String, Object> describe(MethodSpec spec) {
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("name", spec.name());
        method.put("signature", MethodHelp.signature(spec));
        method.put("roles", spec.roles().stream().sorted().map(Role::wireName).toList());
        method.put("mutates", spec.mutates());
        List<Object> params = new ArrayList<>();
        for (Param param : spec.params()) {
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("name", param.name());
            description.put("optional", param.optional());
            description.put("type", type(param.type()));
            description.put("doc", param.doc());
            params.add(description);
        }
        method.put("params", params);
        method.put("returns", type(spec.returns()));
        method.put("returns_doc", spec.returnsDoc());
        method.put("help", spec.help());
        return method;
    }

    private static Map<String, Object> type(ValueType type) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("xmlrpc", type.xmlRpcName());
        description.put("description", type.describe());
        ValueType inner = type instanceof NullableType nullable ? nullable.type() : type;
        if (inner instanceof StructType struct) {
            List<Object> fields = new ArrayList<>();
            for (Field field : struct.fields().values()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", field.name());
                entry.put("type", field.type().describe());
                entry.put("read_only", field.readOnly());
                entry.put("required", struct.required().contains(field.name()));
                entry.put("doc", field.doc());
                fields.add(entry);
            }
            description.put("fields", fields);
        }
        return description;
    }
}
