package org.planetlab.plc.tagging;

import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import org.planetlab.api.tagging.ObjectTagApi.Kind;
import org.planetlab.plc.store.ObjectTable;

/** How tags on persons, sites and interfaces are stored; tags of deleted objects are not shown. */
public final class ObjectTagTables {
    private ObjectTagTables() {}

    public static final ObjectTable PERSON_TAGS = table(Kind.PERSON,
            "EXISTS (SELECT 1 FROM persons p WHERE p.person_id = t.person_id AND p.deleted = FALSE)",
            "(SELECT p.email FROM persons p WHERE p.person_id = t.person_id)");
    public static final ObjectTable SITE_TAGS = table(Kind.SITE,
            "EXISTS (SELECT 1 FROM sites s WHERE s.site_id = t.site_id AND s.deleted = FALSE)",
            "(SELECT s.login_base FROM sites s WHERE s.site_id = t.site_id)");
    public static final ObjectTable INTERFACE_TAGS = table(Kind.INTERFACE,
            "EXISTS (SELECT 1 FROM interfaces i JOIN nodes n ON n.node_id = i.node_id"
                    + " WHERE i.interface_id = t.interface_id AND n.deleted = FALSE)",
            "(SELECT i.ip FROM interfaces i WHERE i.interface_id = t.interface_id)");

    public static ObjectTable of(Kind kind) {
        return switch (kind) {
            case PERSON -> PERSON_TAGS;
            case SITE -> SITE_TAGS;
            case INTERFACE -> INTERFACE_TAGS;
        };
    }

    private static ObjectTable table(Kind kind, String live, String nameSql) {
        return ObjectTable.builder(kind.tagStruct(), kind.table(), kind.tagIdField())
                .live(live)
                .plain(INTEGER, kind.tagIdField(), kind.idField(), "tag_type_id")
                .plain(TEXT, "value")
                .column(kind.nameField(), nameSql, TEXT)
                .column("tagname", "(SELECT y.tagname FROM tag_types y WHERE y.tag_type_id = t.tag_type_id)", TEXT)
                .column("description", "(SELECT y.description FROM tag_types y WHERE y.tag_type_id = t.tag_type_id)",
                        TEXT)
                .column("category", "(SELECT y.category FROM tag_types y WHERE y.tag_type_id = t.tag_type_id)", TEXT)
                .build();
    }
}
