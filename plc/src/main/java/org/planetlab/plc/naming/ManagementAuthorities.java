package org.planetlab.plc.naming;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/** Reads of management authorities: which one manages a node, and PLC's own, kept as configured. */
public final class ManagementAuthorities {
    private ManagementAuthorities() {}

    /** A management authority as rules need it. */
    public record AuthorityRecord(long managementAuthorityId, String hrn, boolean isOwn) {}

    /**
     * Makes the row of PLC's own management authority name {@code ownHrn} (its slice-authority
     * setting: PLC is both), as the store is opened; every node not put under another is under it.
     */
    public static void ensureOwn(Handle handle, String ownHrn, long now) {
        Optional<AuthorityRecord> taken = find(handle, ownHrn).filter(found -> !found.isOwn());
        if (taken.isPresent()) {
            throw new PlanetLabException(ErrorCode.INVALID_ARGUMENT, "slice-authority " + ownHrn
                    + " is the name of another management authority of this PLC (management_authority_id "
                    + taken.get().managementAuthorityId() + "); choose another slice-authority");
        }
        int renamed = handle.createUpdate("UPDATE management_authorities SET hrn = :hrn WHERE is_own = TRUE")
                .bind("hrn", ownHrn).execute();
        if (renamed == 0) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("management_authority_id", Database.nextId(handle, "management_authorities"));
            row.put("hrn", ownHrn);
            row.put("name", "this PLC's own management authority");
            row.put("is_own", true);
            row.put("date_created", now);
            Rows.insert(handle, "management_authorities", row);
        }
    }

    public static AuthorityRecord own(Handle handle) {
        return handle.createQuery("SELECT management_authority_id, hrn, is_own FROM management_authorities"
                        + " WHERE is_own = TRUE")
                .map((row, context) -> new AuthorityRecord(row.getLong(1), row.getString(2), true)).one();
    }

    public static Optional<AuthorityRecord> find(Handle handle, Object idOrHrn) {
        String column = idOrHrn instanceof Long ? "management_authority_id" : "hrn";
        return handle.createQuery("SELECT management_authority_id, hrn, is_own FROM management_authorities WHERE "
                        + column + " = :ref")
                .bind("ref", idOrHrn)
                .map((row, context) -> new AuthorityRecord(row.getLong(1), row.getString(2), row.getBoolean(3)))
                .findOne();
    }

    public static AuthorityRecord require(Handle handle, Object idOrHrn) {
        return find(handle, idOrHrn).orElseThrow(() -> PlanetLabException.notFound(idOrHrn instanceof Long id
                ? "no management authority with management_authority_id " + id
                : "no management authority \"" + idOrHrn + "\"; GetManagementAuthorities lists them"));
    }

    /** The management authority of a node (PLC's own when the node names none). */
    public static AuthorityRecord ofNode(Handle handle, long nodeId) {
        return handle.createQuery("SELECT m.management_authority_id, m.hrn, m.is_own FROM nodes n JOIN"
                        + " management_authorities m ON m.management_authority_id = n.management_authority_id"
                        + " OR (n.management_authority_id IS NULL AND m.is_own = TRUE) WHERE n.node_id = :node")
                .bind("node", nodeId)
                .map((row, context) -> new AuthorityRecord(row.getLong(1), row.getString(2), row.getBoolean(3)))
                .one();
    }
}
