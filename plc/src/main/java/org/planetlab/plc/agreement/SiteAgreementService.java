package org.planetlab.plc.agreement;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.foreign.ForeignObjects;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.person.Persons;
import org.planetlab.plc.site.Sites;
import org.planetlab.plc.store.Rows;

/**
 * Site hosting agreements (seeds/hosting-requirements.txt). Operators record and revoke them for
 * this PLC's own sites (a peer's sites sign with their peer); operators see every site's, a
 * site's members their own. A site without one cannot have new
 * slices created by its PI ({@link #requireForNewSlice}).
 */
public final class SiteAgreementService {
    private static final String SELECT = "SELECT a.site_id, s.login_base, a.version, a.signed_by, a.signed_at,"
            + " a.recorded_by FROM site_agreements a JOIN sites s ON s.site_id = a.site_id WHERE s.deleted = FALSE";

    private final MutationPath mutations;

    public SiteAgreementService(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    public void record(Caller caller, Object siteRef, Object signedBy, String version) {
        mutations.run(caller, "RecordSiteAgreement", List.of(siteRef, version), mutation -> {
            record(mutation, siteRef, signedBy, version);
            return null;
        });
    }

    /** Records that a person of the site signed version {@code version}, replacing the earlier agreement. */
    public void record(Mutation mutation, Object siteRef, Object signedBy, String version) {
        Permissions.requireOperator(mutation.caller(), "RecordSiteAgreement");
        requireNonNull(version, "version is null");
        Sites.SiteRecord site = Sites.require(mutation.db(), siteRef);
        ForeignObjects.requireLocal(mutation.db(), ObjectType.SITE, site.siteId(), "RecordSiteAgreement");
        if (signedBy == null) {
            throw PlanetLabException.invalidArgument("signed_by: missing; give the person_id or e-mail of the"
                    + " person of site " + site.loginBase() + " who signed the agreement");
        }
        Persons.PersonRecord signer = Persons.require(mutation.db(), signedBy);
        if (!signer.siteIds().contains(site.siteId())) {
            throw PlanetLabException.invalidArgument("signed_by: " + signer.email() + " is not a person of site "
                    + site.loginBase() + "; the agreement is signed by someone of the site, normally its PI");
        }
        mutation.db().createUpdate("DELETE FROM site_agreements WHERE site_id = :site")
                .bind("site", site.siteId()).execute();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("site_id", site.siteId());
        row.put("version", version);
        row.put("signed_by", signer.personId());
        row.put("signed_at", mutation.now());
        row.put("recorded_by", mutation.caller().personId().orElse(null));
        Rows.insert(mutation.db(), "site_agreements", row);
        mutation.affected(ObjectType.SITE, site.siteId());
        mutation.message("site %d (%s) agreement %s signed by %s".formatted(site.siteId(), site.loginBase(), version,
                signer.email()));
    }

    public void revoke(Caller caller, Object siteRef) {
        mutations.run(caller, "RevokeSiteAgreement", List.of(siteRef), mutation -> {
            revoke(mutation, siteRef);
            return null;
        });
    }

    public void revoke(Mutation mutation, Object siteRef) {
        Permissions.requireOperator(mutation.caller(), "RevokeSiteAgreement");
        Sites.SiteRecord site = Sites.require(mutation.db(), siteRef);
        ForeignObjects.requireLocal(mutation.db(), ObjectType.SITE, site.siteId(), "RevokeSiteAgreement");
        int removed = mutation.db().createUpdate("DELETE FROM site_agreements WHERE site_id = :site")
                .bind("site", site.siteId()).execute();
        if (removed == 0) {
            throw PlanetLabException.notFound("site " + site.loginBase() + " has no agreement to revoke");
        }
        mutation.affected(ObjectType.SITE, site.siteId());
        mutation.message("site %d (%s) agreement revoked".formatted(site.siteId(), site.loginBase()));
    }

    /** The agreements in force of the given sites (all if empty) that the caller may see, by site_id. */
    public List<SiteAgreement> agreements(Handle handle, Caller caller, List<Object> siteRefs) {
        List<Long> siteIds = siteRefs.stream().map(ref -> Sites.require(handle, ref).siteId()).toList();
        return handle.createQuery(SELECT + " ORDER BY a.site_id").map((row, context) -> read(row)).list().stream()
                .filter(agreement -> siteIds.isEmpty() || siteIds.contains(agreement.siteId()))
                .filter(agreement -> caller.isOperator() || caller.isAtSite(agreement.siteId()))
                .toList();
    }

    public static Optional<SiteAgreement> find(Handle handle, long siteId) {
        return handle.createQuery(SELECT + " AND a.site_id = :site").bind("site", siteId)
                .map((row, context) -> read(row)).findOne();
    }

    /** The live sites without an agreement, as site_id to login base, for operators to follow up. */
    public static Map<Long, String> sitesWithout(Handle handle) {
        Map<Long, String> sites = new LinkedHashMap<>();
        handle.createQuery("SELECT s.site_id, s.login_base FROM sites s WHERE s.deleted = FALSE AND NOT EXISTS"
                        + " (SELECT 1 FROM site_agreements a WHERE a.site_id = s.site_id) ORDER BY s.site_id")
                .map((row, context) -> Map.entry(row.getLong(1), row.getString(2)))
                .forEach(entry -> sites.put(entry.getKey(), entry.getValue()));
        return sites;
    }

    /**
     * Refuses a slice for a site without an agreement when the caller is not an operator: a PI
     * creates slices only once the site has promised what hosting sites promise.
     */
    public static void requireForNewSlice(Handle handle, Caller caller, long siteId, String loginBase, String action) {
        if (caller.isOperator() || find(handle, siteId).isPresent()) {
            return;
        }
        throw PlanetLabException.permissionDenied(action + ": site " + loginBase + " has no signed hosting agreement;"
                + " an operator records one (RecordSiteAgreement) once the site's PI has signed it");
    }

    private static SiteAgreement read(ResultSet row) throws SQLException {
        long signedBy = row.getLong(4);
        OptionalLong signer = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(signedBy);
        long recordedBy = row.getLong(6);
        OptionalLong recorder = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(recordedBy);
        return new SiteAgreement(row.getLong(1), row.getString(2), row.getString(3), signer, row.getLong(5), recorder);
    }
}
