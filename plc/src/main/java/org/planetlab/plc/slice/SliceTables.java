package org.planetlab.plc.slice;

import static org.planetlab.plc.store.ColumnKind.BOOLEAN;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import org.planetlab.api.slice.SliceApi;
import org.planetlab.api.slice.SliceTagApi;
import org.planetlab.plc.store.JoinList;
import org.planetlab.plc.store.ObjectTable;

/** How slices and their attributes are stored. */
public final class SliceTables {
    private SliceTables() {}

    private static ObjectTable.Builder slices(SliceNames names) {
        return ObjectTable.builder(SliceApi.SLICE, "slices", "slice_id")
                // Names in a filter may be hierarchical (plc.princeton.codeen) or PLCAPI's (princeton_codeen).
                .name("t.name", names::lookupName)
                .plain(INTEGER, "slice_id", "site_id", "max_nodes", "creator_person_id", "created", "expires", "peer_id",
                        "peer_slice_id")
                .operatorOnly("peer_slice_id")
                .plain(TEXT, "name", "hrn", "instantiation", "state", "url", "description")
                .plain(BOOLEAN, "is_deleted")
                .join(JoinList.ids("node_ids", "slice_nodes j JOIN nodes n ON n.node_id = j.node_id"
                        + " AND n.deleted = FALSE", "j.slice_id", "j.node_id"))
                .join(JoinList.ids("person_ids", "slice_persons j JOIN persons p ON p.person_id = j.person_id"
                        + " AND p.deleted = FALSE", "j.slice_id", "j.person_id"))
                .join(JoinList.ids("slice_tag_ids", "slice_tags j", "j.slice_id", "j.slice_tag_id"));
    }

    /** Live slices: what GetSlices returns unless the filter asks about is_deleted. */
    public static ObjectTable liveSlices(SliceNames names) {
        return slices(names).live("t.is_deleted = FALSE").build();
    }

    /** Every slice ever created, deleted ones included, for audit. */
    public static ObjectTable allSlices(SliceNames names) {
        return slices(names).build();
    }

    public static final ObjectTable SLICE_TAGS = ObjectTable.builder(SliceTagApi.SLICE_TAG, "slice_tags", "slice_tag_id")
            .live("EXISTS (SELECT 1 FROM slices s WHERE s.slice_id = t.slice_id AND s.is_deleted = FALSE)")
            .plain(INTEGER, "slice_tag_id", "slice_id", "node_id", "nodegroup_id", "tag_type_id")
            .plain(TEXT, "value")
            .column("name", "(SELECT s.name FROM slices s WHERE s.slice_id = t.slice_id)", TEXT)
            .column("tagname", "(SELECT y.tagname FROM tag_types y WHERE y.tag_type_id = t.tag_type_id)", TEXT)
            .column("description", "(SELECT y.description FROM tag_types y WHERE y.tag_type_id = t.tag_type_id)", TEXT)
            .column("category", "(SELECT y.category FROM tag_types y WHERE y.tag_type_id = t.tag_type_id)", TEXT)
            .column("min_role_id", "(SELECT y.min_role_id FROM tag_types y WHERE y.tag_type_id = t.tag_type_id)",
                    INTEGER)
            .build();
}
