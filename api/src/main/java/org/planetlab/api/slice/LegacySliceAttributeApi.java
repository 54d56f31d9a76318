package org.planetlab.api.slice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Param;
import org.planetlab.api.method.Role;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.Field;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.schema.ValueType;
import org.planetlab.api.tag.TagTypeApi;

/**
 * PLCAPI 4.2's names for slice tags and tag types, which PLCAPI 4.3 kept as deprecated aliases:
 * AddSliceAttribute is AddSliceTag, GetSliceAttributeTypes is GetTagTypes, and so on, with the
 * 4.2 field names in structs, filters and return fields (name for tagname, slice_attribute_id for
 * slice_tag_id, attribute_type_id for tag_type_id). Each alias has the roles and rules of the
 * method it stands for.
 */
public final class LegacySliceAttributeApi {
    private LegacySliceAttributeApi() {}

    /** PLCAPI 4.2's names of slice attribute fields, by the current names. */
    public static final Map<String, String> ATTRIBUTE_NAMES = Map.of("tagname", "name",
            "slice_tag_id", "slice_attribute_id");
    /** PLCAPI 4.2's names of slice attribute type fields, by the current names. */
    public static final Map<String, String> TYPE_NAMES = Map.of("tagname", "name", "slice_tag_id",
            "slice_attribute_id", "tag_type_id", "attribute_type_id");
    /** Each alias and the method it stands for. */
    public static final Map<String, String> ALIASES = aliases();

    /** A slice attribute as PLCAPI 4.2 named its fields (without the slice's name, which it did not carry). */
    public static final StructType SLICE_ATTRIBUTE = renamed("SliceAttribute", SliceTagApi.SLICE_TAG, ATTRIBUTE_NAMES,
            "name");
    public static final StructType SLICE_ATTRIBUTE_TYPE = renamed("SliceAttributeType", TagTypeApi.TAG_TYPE,
            TYPE_NAMES, null);

    private static final String DEPRECATED = "Deprecated (PLCAPI 4.2); ";

    public static final List<MethodSpec> METHODS = List.of(
            alias("AddSliceAttribute", null, null),
            alias("GetSliceAttributes", new FilterType(SLICE_ATTRIBUTE, "slice_attribute_id", null),
                    ArrayType.of(SLICE_ATTRIBUTE)),
            alias("UpdateSliceAttribute", null, null),
            alias("DeleteSliceAttribute", null, null),
            alias("AddSliceAttributeType", SLICE_ATTRIBUTE_TYPE.writable().requiring("name"), null),
            alias("GetSliceAttributeTypes", new FilterType(SLICE_ATTRIBUTE_TYPE, "attribute_type_id", "name"),
                    ArrayType.of(SLICE_ATTRIBUTE_TYPE)),
            alias("UpdateSliceAttributeType", SLICE_ATTRIBUTE_TYPE.writable(), null),
            alias("DeleteSliceAttributeType", null, null));

    private static Map<String, String> aliases() {
        Map<String, String> aliases = new LinkedHashMap<>();
        aliases.put("AddSliceAttribute", "AddSliceTag");
        aliases.put("GetSliceAttributes", "GetSliceTags");
        aliases.put("UpdateSliceAttribute", "UpdateSliceTag");
        aliases.put("DeleteSliceAttribute", "DeleteSliceTag");
        aliases.put("AddSliceAttributeType", "AddTagType");
        aliases.put("GetSliceAttributeTypes", "GetTagTypes");
        aliases.put("UpdateSliceAttributeType", "UpdateTagType");
        aliases.put("DeleteSliceAttributeType", "DeleteTagType");
        return Collections.unmodifiableMap(aliases);
    }

    /**
     * The alias of a method: its roles, parameters and result, with {@code structParam} (if given)
     * as the type of its struct or filter parameter and {@code result} (if given) as its result.
     */
    private static MethodSpec alias(String name, ValueType structParam,
            ValueType result) {
        MethodSpec current = wrapped(ALIASES.get(name));
        MethodSpec.Builder builder = MethodSpec.builder(name).roles(current.roles().toArray(new Role[0]));
        if (current.mutates()) {
            builder.mutates();
        }
        for (int index = 0; index < current.params().size(); index++) {
            Param param = current.params().get(index);
            boolean renamedType = structParam != null && (param.type() instanceof StructType
                    || param.type() instanceof FilterType);
            String paramName = param.name().replace("slice_tag", "slice_attribute").replace("tag_type", "attribute_type");
            ValueType type = renamedType ? structParam : param.type();
            if (!param.optional()) {
                builder.param(paramName, type, param.doc());
            } else {
                builder.optionalParam(paramName, type, param.doc());
            }
        }
        return builder.returns(result != null ? result : current.returns(), current.returnsDoc())
                .help(DEPRECATED + current.name() + " with PLCAPI 4.2's field names (name for tagname,"
                        + " slice_attribute_id for slice_tag_id, attribute_type_id for tag_type_id).")
                .build();
    }

    private static MethodSpec wrapped(String name) {
        for (List<MethodSpec> specs : List.of(SliceTagApi.METHODS, TagTypeApi.METHODS)) {
            for (MethodSpec spec : specs) {
                if (spec.name().equals(name)) {
                    return spec;
                }
            }
        }
        throw new IllegalStateException("no method " + name);
    }

    /** {@code type} with its fields renamed, leaving out {@code dropped} (a field the old struct lacked). */
    private static StructType renamed(String name, StructType type, Map<String, String> names, String dropped) {
        Map<String, Field> fields = new LinkedHashMap<>();
        type.fields().forEach((fieldName, field) -> {
            if (!fieldName.equals(dropped)) {
                String old = names.getOrDefault(fieldName, fieldName);
                fields.put(old, new Field(old, field.type(), field.doc(), field.readOnly()));
            }
        });
        return new StructType(name, fields, Set.of());
    }
}
