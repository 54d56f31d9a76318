package org.planetlab.plc.audit;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.slice.SliceNames;
import org.planetlab.plc.slice.Slices;
import org.planetlab.plc.store.Rows;

/**
 * Slices as auditing sees them: deleted ones included (their flows and complaints outlive them),
 * and who may see a slice's traffic: operators, the PIs of its site and its own users. Users may
 * see their own slice's flows because they answer for them and need them to find a fault; they
 * may not ask who sent traffic across other slices.
 */
final class AuditedSlices {
    private AuditedSlices() {}

    record AuditedSlice(long sliceId, long siteId, String name) {}

    /** A slice by id, or by name (the newest slice of that name, deleted or not). */
    static AuditedSlice require(Handle handle, SliceNames names, Object idOrName) {
        String sql = "SELECT slice_id, site_id, name FROM slices WHERE "
                + (idOrName instanceof Long ? "slice_id = ?" : "name = ? ORDER BY slice_id DESC LIMIT 1");
        Object key = idOrName instanceof String name ? names.plcapiName(name) : idOrName;
        Optional<AuditedSlice> found = Rows.select(handle, sql, List.of(key))
                .map((row, context) -> new AuditedSlice(row.getLong(1), row.getLong(2), row.getString(3))).findOne();
        return found.orElseThrow(() -> PlanetLabException.notFound(idOrName instanceof Long id
                ? "no slice with slice_id " + id + " exists or existed" : "no slice named " + idOrName
                        + " exists or existed"));
    }

    static boolean mayReadTraffic(Handle handle, Caller caller, AuditedSlice slice) {
        if (caller.isOperator()) {
            return true;
        }
        if (caller.personId().isEmpty()) {
            return false;
        }
        return (caller.has(Role.PI) && caller.isAtSite(slice.siteId()))
                || Slices.isMember(handle, slice.sliceId(), caller.personId().get());
    }

    static void requireTrafficReader(Handle handle, Caller caller, AuditedSlice slice, String action) {
        if (!mayReadTraffic(handle, caller, slice)) {
            throw PlanetLabException.permissionDenied("%s: the traffic of slice %s is shown to operators, the PIs of"
                    + " its site and its users; %s is none of these".formatted(action, slice.name(), caller.describe()));
        }
    }

    /** Who may see who answers for a slice: operators, nodes, its site's people and its users. */
    static boolean mayReadContacts(Handle handle, Caller caller, long sliceId, long siteId) {
        return caller.isOperator() || caller.isNode() || caller.isAtSite(siteId)
                || (caller.personId().isPresent() && Slices.isMember(handle, sliceId, caller.personId().get()));
    }

    /** The slices of the caller's sites, deleted ones included. */
    static List<Integer> ofSites(Handle handle, List<Long> siteIds) {
        if (siteIds.isEmpty()) {
            return List.of();
        }
        return Rows.select(handle, "SELECT slice_id FROM slices WHERE site_id IN (" + "?, ".repeat(siteIds.size() - 1)
                + "?)", List.copyOf(siteIds)).mapTo(Long.class).map(Long::intValue).list();
    }
}
