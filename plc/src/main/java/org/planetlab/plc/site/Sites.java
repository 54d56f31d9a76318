package org.planetlab.plc.site;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;

/** Finds live sites by id or login base. */
public final class Sites {
    private Sites() {}

    /** What methods need to know about a site to check a request against it. */
    public record SiteRecord(long siteId, String loginBase, boolean enabled, long maxSlices, long maxSlivers) {}

    public static SiteRecord require(Handle handle, Object idOrLoginBase) {
        return find(handle, idOrLoginBase).orElseThrow(() -> PlanetLabException.notFound(
                idOrLoginBase instanceof Long id ? "no site with site_id " + id
                        : "no site with login_base \"" + idOrLoginBase + "\""));
    }

    public static Optional<SiteRecord> find(Handle handle, Object idOrLoginBase) {
        String column = idOrLoginBase instanceof Long ? "site_id" : "login_base";
        return handle.createQuery("SELECT site_id, login_base, enabled, max_slices, max_slivers FROM sites"
                        + " WHERE deleted = FALSE AND " + column + " = :ref")
                .bind("ref", idOrLoginBase)
                .map((row, context) -> new SiteRecord(row.getLong(1), row.getString(2), row.getBoolean(3),
                        row.getLong(4), row.getLong(5)))
                .findOne();
    }
}
