package org.planetlab.plc.slice;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;

/** Finds live slices and decides who may act on them. */
public final class Slices {
    private Slices() {}

    /** What methods need to know about a slice. */
    public record SliceRecord(long sliceId, long siteId, String name, String instantiation, String state,
            boolean stoppedByOperator, long expires, long maxNodes, String url, String description) {}

    private static final String COLUMNS = "slice_id, site_id, name, instantiation, state, stopped_by_operator,"
            + " expires, max_nodes, url, description";

    public static SliceRecord require(Handle handle, SliceNames names, Object idOrName) {
        Object key = idOrName instanceof String name ? names.plcapiName(name) : idOrName;
        return find(handle, key).orElseThrow(() -> PlanetLabException.notFound(idOrName instanceof Long id
                ? "no live slice with slice_id " + id : "no live slice named " + idOrName));
    }

    /** A live slice by id or PLCAPI name. */
    public static Optional<SliceRecord> find(Handle handle, Object idOrPlcapiName) {
        String column = idOrPlcapiName instanceof Long ? "slice_id" : "name";
        return handle.createQuery("SELECT " + COLUMNS + " FROM slices WHERE is_deleted = FALSE AND " + column + " = :ref")
                .bind("ref", idOrPlcapiName)
                .map((row, context) -> new SliceRecord(row.getLong(1), row.getLong(2), row.getString(3),
                        row.getString(4), row.getString(5), row.getBoolean(6), row.getLong(7), row.getLong(8),
                        row.getString(9), row.getString(10)))
                .findOne();
    }

    public static boolean isMember(Handle handle, long sliceId, long personId) {
        return handle.createQuery("SELECT COUNT(*) FROM slice_persons WHERE slice_id = :slice AND person_id = :person")
                .bind("slice", sliceId).bind("person", personId).mapTo(Long.class).one() > 0;
    }

    /** Operators; PIs of the slice's site; the slice's own users. */
    public static boolean mayManage(Handle handle, Caller caller, SliceRecord slice) {
        if (caller.isOperator()) {
            return true;
        }
        if (caller.personId().isEmpty()) {
            return false;
        }
        return (caller.has(Role.PI) && caller.isAtSite(slice.siteId()))
                || isMember(handle, slice.sliceId(), caller.personId().get());
    }

    public static void requireManager(Handle handle, Caller caller, SliceRecord slice, String action) {
        if (!mayManage(handle, caller, slice)) {
            throw PlanetLabException.permissionDenied("%s: %s is neither a user of slice %s nor a PI of its site"
                    .formatted(action, caller.describe(), slice.name()));
        }
    }

    /** Operators and PIs of the slice's site. */
    public static void requirePiOrOperator(Caller caller, SliceRecord slice, String action) {
        if (!caller.isOperator() && !(caller.has(Role.PI) && caller.isAtSite(slice.siteId()))) {
            throw PlanetLabException.permissionDenied("%s: only a PI of the slice's site or an operator may do this"
                    .formatted(action));
        }
    }
}
