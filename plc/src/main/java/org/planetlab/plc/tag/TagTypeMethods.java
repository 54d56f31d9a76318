package org.planetlab.plc.tag;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;

/** The tag type methods: wire values in, a {@link TagTypeService} call, wire values out. */
public final class TagTypeMethods {
    private final TagTypeService tagTypes;

    public TagTypeMethods(TagTypeService tagTypes) {
        this.tagTypes = requireNonNull(tagTypes, "tagTypes is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddTagType", call -> tagTypes.addTagType(call.mutation(), newTagType(call.structArg(0))))
                .bind("GetTagTypes", call -> QueryEngine.get(call.db(), TagTypeTables.TAG_TYPES, (Filter) call
                        .optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateTagType", call -> {
                    tagTypes.updateTagType(call.mutation(), ref(call.arg(0)), update(call.structArg(1)));
                    return 1L;
                })
                .bind("DeleteTagType", call -> {
                    tagTypes.deleteTagType(call.mutation(), ref(call.arg(0)));
                    return 1L;
                });
    }

    private static TagTypeRef ref(Object wire) {
        return wire instanceof Long id ? TagTypeRef.of(id) : TagTypeRef.of((String) wire);
    }

    private static NewTagType newTagType(Map<String, Object> fields) {
        return new NewTagType((String) fields.get("tagname"), Optional.ofNullable((String) fields.get("description")),
                Optional.ofNullable((String) fields.get("category")),
                fields.get("min_role_id") instanceof Long minRoleId ? OptionalLong.of(minRoleId) : OptionalLong.empty());
    }

    private static TagTypeUpdate update(Map<String, Object> fields) {
        return new TagTypeUpdate(Optional.ofNullable((String) fields.get("tagname")),
                Optional.ofNullable((String) fields.get("description")),
                Optional.ofNullable((String) fields.get("category")),
                Optional.ofNullable((Long) fields.get("min_role_id")));
    }
}
