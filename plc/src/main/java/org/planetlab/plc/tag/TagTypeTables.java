package org.planetlab.plc.tag;

import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.function.UnaryOperator;
import org.planetlab.api.tag.TagTypeApi;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.JoinList;
import org.planetlab.plc.store.ObjectTable;

/** How tag types are stored. */
public final class TagTypeTables {
    private TagTypeTables() {}

    /** Roles an operator adds grant nothing, so they are never among a tag type's role_ids. */
    private static final String BUILT_IN = " AND r.role_id IN (10, 20, 30, 40, 50)";

    public static final ObjectTable TAG_TYPES = ObjectTable.builder(TagTypeApi.TAG_TYPE, "tag_types", "tag_type_id")
            .name("t.tagname", UnaryOperator.identity())
            .plain(INTEGER, "tag_type_id", "min_role_id")
            .plain(TEXT, "tagname", "description", "category")
            .join(new JoinList("role_ids", "tag_types j JOIN roles r ON r.role_id <= j.min_role_id" + BUILT_IN, "j.tag_type_id",
                    "r.role_id", "r.role_id", ColumnKind.INTEGER))
            .join(new JoinList("roles", "tag_types j JOIN roles r ON r.role_id <= j.min_role_id" + BUILT_IN, "j.tag_type_id",
                    "r.name", "r.role_id", ColumnKind.TEXT))
            .build();
}
