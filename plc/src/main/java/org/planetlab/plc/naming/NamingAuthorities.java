package org.planetlab.plc.naming;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/** Reads of naming authorities: which one a site is under, and PLC's own, kept as configured. */
public final class NamingAuthorities {
    private NamingAuthorities() {}

    /** A naming authority as rules need it. */
    public record AuthorityRecord(long namingAuthorityId, String hrn, boolean isOwn) {}

    /**
     * Makes the row of PLC's own authority name {@code ownHrn} (its slice-authority setting), as
     * the store is opened: every site without an authority of its own is under it.
     */
    public static void ensureOwn(Handle handle, String ownHrn, long now) {
        Optional<AuthorityRecord> taken = find(handle, ownHrn).filter(found -> !found.isOwn());
        if (taken.isPresent()) {
            throw new PlanetLabException(ErrorCode.INVALID_ARGUMENT, "slice-authority " + ownHrn
                    + " is the name of another naming authority of this PLC (naming_authority_id "
                    + taken.get().namingAuthorityId() + "); choose another slice-authority");
        }
        int renamed = handle.createUpdate("UPDATE naming_authorities SET hrn = :hrn WHERE is_own = TRUE")
                .bind("hrn", ownHrn).execute();
        if (renamed == 0) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("naming_authority_id", Database.nextId(handle, "naming_authorities"));
            row.put("hrn", ownHrn);
            row.put("name", "this PLC's own authority");
            row.put("person_id", null);
            row.put("is_own", true);
            row.put("date_created", now);
            Rows.insert(handle, "naming_authorities", row);
        }
    }

    /** The hrns of every naming authority of this PLC, its own first: what its nodes run slices under. */
    public static List<String> hrns(Handle handle) {
        return handle.createQuery("SELECT hrn FROM naming_authorities ORDER BY is_own DESC, hrn")
                .mapTo(String.class).list();
    }

    public static Optional<AuthorityRecord> find(Handle handle, Object idOrHrn) {
        String column = idOrHrn instanceof Long ? "naming_authority_id" : "hrn";
        return handle.createQuery("SELECT naming_authority_id, hrn, is_own FROM naming_authorities WHERE " + column
                        + " = :ref")
                .bind("ref", idOrHrn)
                .map((row, context) -> new AuthorityRecord(row.getLong(1), row.getString(2), row.getBoolean(3)))
                .findOne();
    }

    public static AuthorityRecord require(Handle handle, Object idOrHrn) {
        return find(handle, idOrHrn).orElseThrow(() -> PlanetLabException.notFound(idOrHrn instanceof Long id
                ? "no naming authority with naming_authority_id " + id
                : "no naming authority \"" + idOrHrn + "\"; GetNamingAuthorities lists them"));
    }

    /**
     * The hrn of the authority the live site {@code loginBase} is named under, empty if there is
     * no such site or it is under PLC's own authority.
     */
    public static Optional<String> ofSite(Handle handle, String loginBase) {
        return handle.createQuery("SELECT a.hrn FROM sites s JOIN naming_authorities a"
                        + " ON a.naming_authority_id = s.naming_authority_id"
                        + " WHERE s.login_base = :base AND s.deleted = FALSE AND a.is_own = FALSE")
                .bind("base", loginBase).mapTo(String.class).findOne();
    }
}
