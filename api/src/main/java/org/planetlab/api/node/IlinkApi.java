package org.planetlab.api.node;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.tag.TagTypeApi;

/**
 * Interface links: a link between two interfaces, typed by a tag type (created beforehand) and
 * with an optional value. Who may write one: operators, and anyone whose role the tag type
 * admits at the site of either interface's node.
 */
public final class IlinkApi {
    private IlinkApi() {}

    public static final StringType VALUE = StringType.max(65_536);

    public static final StructType ILINK = StructType.of("Ilink",
            readOnly("ilink_id", IntType.ID, "ilink identifier"),
            readOnly("tag_type_id", IntType.ID, "the link's tag type"),
            readOnly("src_interface_id", IntType.ID, "source interface identifier"),
            readOnly("dst_interface_id", IntType.ID, "destination interface identifier"),
            readOnly("value", new NullableType(VALUE), "optional ilink value"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddIlink").roles(ADMIN, PI, TECH, USER).mutates()
                    .param("src_interface_id", IntType.ID, "source interface identifier")
                    .param("dst_interface_id", IntType.ID, "destination interface identifier")
                    .param("tag_type_id_or_name", TagTypeApi.TAG_TYPE_REF, "the link's tag type")
                    .param("value", VALUE, "the link's value")
                    .returns(IntType.ID, "the new ilink_id")
                    .help("Creates a link between two interfaces. The link has a tag type, which must exist, and a"
                            + " value. Only one link of a type joins the same two interfaces.")
                    .build(),
            MethodSpec.builder("GetIlinks").roles(ADMIN, PI, USER, NODE)
                    .optionalParam("ilink_filter", new FilterType(ILINK, "ilink_id", null),
                            "ilink_ids or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(ILINK), "the matching links")
                    .help("Returns interface links.")
                    .build(),
            MethodSpec.builder("UpdateIlink").roles(ADMIN, PI, TECH, USER).mutates()
                    .param("ilink_id", IntType.ID, "the link")
                    .param("value", VALUE, "the new value")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes the value of a link. Access rights depend on the tag type.")
                    .build(),
            MethodSpec.builder("DeleteIlink").roles(ADMIN, PI, USER).mutates()
                    .param("ilink_id", IntType.ID, "the link")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a link. Access rights depend on the tag type.")
                    .build());
}
