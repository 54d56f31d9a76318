package org.planetlab.plc.node;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.node.IlinkApi;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.ObjectTable;
import org.planetlab.plc.store.Rows;
import org.planetlab.plc.tag.TagTypes;

/**
 * Links between interfaces, as the original PLCAPI kept them: typed by a tag type, at most one
 * of a type between the same two interfaces. Operators change any link; others need a role the
 * tag type admits and to belong to the site of the source or the destination interface's node.
 */
public final class IlinkService {
    public static final ObjectTable TABLE = ObjectTable.builder(IlinkApi.ILINK, "ilinks", "ilink_id")
            .plain(ColumnKind.INTEGER, "ilink_id", "tag_type_id", "src_interface_id", "dst_interface_id")
            .plain(ColumnKind.TEXT, "value")
            .build();

    /** A link as stored. */
    private record Link(long ilinkId, long tagTypeId, long source, long destination) {}

    public long addIlink(Mutation mutation, long source, long destination, Object tagType, String value) {
        long sourceSite = siteOfInterface(mutation.db(), source, "source");
        long destinationSite = siteOfInterface(mutation.db(), destination, "destination");
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), tagType);
        mutation.db().createQuery("SELECT ilink_id FROM ilinks WHERE tag_type_id = :type AND src_interface_id = :src"
                        + " AND dst_interface_id = :dst")
                .bind("type", type.tagTypeId()).bind("src", source).bind("dst", destination)
                .mapTo(Long.class).findOne().ifPresent(existing -> {
                    throw PlanetLabException.alreadyExists("ilink (%s, %d, %d) already exists as ilink_id %d;"
                            .formatted(type.tagname(), source, destination, existing) + " change it with UpdateIlink");
                });
        requireWriter(mutation.caller(), type, sourceSite, destinationSite, "AddIlink");
        long id = Database.nextId(mutation.db(), "ilinks");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ilink_id", id);
        row.put("tag_type_id", type.tagTypeId());
        row.put("src_interface_id", source);
        row.put("dst_interface_id", destination);
        row.put("value", value);
        Rows.insert(mutation.db(), "ilinks", row);
        affected(mutation, new Link(id, type.tagTypeId(), source, destination));
        return id;
    }

    public void updateIlink(Mutation mutation, long ilinkId, String value) {
        Link link = requireWritable(mutation, ilinkId, "UpdateIlink");
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("value", value);
        Rows.update(mutation.db(), "ilinks", "ilink_id", ilinkId, columns);
        affected(mutation, link);
    }

    public void deleteIlink(Mutation mutation, long ilinkId) {
        Link link = requireWritable(mutation, ilinkId, "DeleteIlink");
        Rows.execute(mutation.db(), "DELETE FROM ilinks WHERE ilink_id = :id", Map.of("id", ilinkId));
        affected(mutation, link);
    }

    private static Link requireWritable(Mutation mutation, long ilinkId, String action) {
        Link link = mutation.db().createQuery("SELECT ilink_id, tag_type_id, src_interface_id, dst_interface_id"
                        + " FROM ilinks WHERE ilink_id = :id")
                .bind("id", ilinkId)
                .map((row, context) -> new Link(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)))
                .findOne().orElseThrow(() -> PlanetLabException.notFound("no ilink with ilink_id " + ilinkId));
        TagTypes.TagTypeRecord type = TagTypes.require(mutation.db(), link.tagTypeId());
        requireWriter(mutation.caller(), type, siteOfInterface(mutation.db(), link.source(), "source"),
                siteOfInterface(mutation.db(), link.destination(), "destination"), action);
        return link;
    }

    private static void requireWriter(Caller caller, TagTypes.TagTypeRecord type, long sourceSite, long destinationSite,
            String action) {
        if (caller.isOperator()) {
            return;
        }
        TagTypes.requireRole(caller, type, action);
        if (!caller.isAtSite(sourceSite) && !caller.isAtSite(destinationSite)) {
            throw PlanetLabException.permissionDenied("%s: %s belongs to the site of neither interface; one of them"
                    .formatted(action, caller.describe()) + " must be on a node of the caller's site");
        }
    }

    private static long siteOfInterface(Handle handle, long interfaceId, String role) {
        return handle.createQuery("SELECT n.site_id FROM interfaces i JOIN nodes n ON n.node_id = i.node_id"
                        + " AND n.deleted = FALSE WHERE i.interface_id = :id")
                .bind("id", interfaceId).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no %s interface with interface_id %d".formatted(
                        role, interfaceId)));
    }

    private static void affected(Mutation mutation, Link link) {
        mutation.affected(ObjectType.INTERFACE, link.source());
        mutation.affected(ObjectType.INTERFACE, link.destination());
        mutation.message("ilink " + link.ilinkId());
    }

    /** Removes the links of interfaces about to be deleted ({@code interfaces} selects their ids). */
    static void deleteLinksOf(Handle handle, String interfaces, Map<String, Object> parameters) {
        Rows.execute(handle, "DELETE FROM ilinks WHERE src_interface_id IN (" + interfaces + ")"
                + " OR dst_interface_id IN (" + interfaces + ")", parameters);
    }
}
