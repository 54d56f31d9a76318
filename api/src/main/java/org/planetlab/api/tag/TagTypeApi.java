package org.planetlab.api.tag;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * Tag types: the names of slice attributes (the RSpec superset) and node tags, each with the
 * least privileged role allowed to set values of it.
 */
public final class TagTypeApi {
    private TagTypeApi() {}

    public static final StringType TAGNAME = StringType.matching(100, "[A-Za-z0-9_.-]+",
            "letters, digits, '_', '.' and '-'");
    public static final MixedType TAG_TYPE_REF = MixedType.of(IntType.ID, TAGNAME);
    public static final IntType MIN_ROLE_ID = new IntType(10, 50);

    public static final StructType TAG_TYPE = StructType.of("TagType",
            readOnly("tag_type_id", IntType.ID, "tag type identifier"),
            writable("tagname", TAGNAME, "name; unique"),
            writable("description", StringType.max(254), "what the tag means, with its unit"),
            writable("category", StringType.max(64), "grouping, e.g. slice/rspec or node/config"),
            writable("min_role_id", MIN_ROLE_ID,
                    "least privileged role that may set it: 10 admin, 20 pi, 30 user, 40 tech, 50 node"),
            readOnly("role_ids", ArrayType.of(IntType.ID), "the roles that may set it (role_id <= min_role_id)"),
            readOnly("roles", ArrayType.of(StringType.max(100)), "names of those roles"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddTagType").roles(ADMIN).mutates()
                    .param("tag_type_fields", TAG_TYPE.writable().requiring("tagname"), "the tag type")
                    .returns(IntType.ID, "the new tag_type_id")
                    .help("Adds a tag type. Unless given, category is general and min_role_id 10 (operators).")
                    .build(),
            MethodSpec.builder("GetTagTypes").roles(ADMIN, PI, USER, TECH, NODE)
                    .optionalParam("tag_type_filter", new FilterType(TAG_TYPE, "tag_type_id", "tagname"),
                            "tag_type_ids, tagnames or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(TAG_TYPE), "the matching tag types")
                    .help("Returns tag types, among them the slice attributes of the RSpec.")
                    .build(),
            MethodSpec.builder("UpdateTagType").roles(ADMIN).mutates()
                    .param("tag_type_id_or_name", TAG_TYPE_REF, "the tag type")
                    .param("tag_type_fields", TAG_TYPE.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a tag type. The RSpec attributes' names cannot be changed.")
                    .build(),
            MethodSpec.builder("DeleteTagType").roles(ADMIN).mutates()
                    .param("tag_type_id_or_name", TAG_TYPE_REF, "the tag type")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a tag type and every tag of it. The RSpec attributes cannot be deleted.")
                    .build());
}
