package org.planetlab.plc.site;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.foreign.ForeignObjects;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Sites and their addresses: the rules (unique login bases, who may change what, coordinates
 * given together) and their storage. Each operation comes in two forms: one that runs inside a
 * change already under way (an API call), and one that runs as a change of its own on the
 * {@link MutationPath}, for PLC's own callers. Reads ({@link #site}, {@link #sites}) likewise run
 * in a caller's transaction or in one of their own.
 */
public final class SiteService {
    private static final String DETAILS = "SELECT site_id, login_base, name, abbreviated_name, url, enabled, is_public,"
            + " max_slices, max_slivers, date_created FROM sites WHERE deleted = FALSE";

    private final MutationPath mutations;
    private final Database database;
    private final SiteDefaults defaults;
    private final List<SiteDependents> dependents;

    /** What a new site gets when the operator does not say. */
    public record SiteDefaults(long maxSlices, long maxSlivers) {}

    /** @param dependents what is removed with a site, in order (slices before the nodes they run on) */
    public SiteService(MutationPath mutations, Database database, SiteDefaults defaults,
            List<SiteDependents> dependents) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.database = requireNonNull(database, "database is null");
        this.defaults = requireNonNull(defaults, "defaults is null");
        this.dependents = List.copyOf(dependents);
    }

    /** The live site {@code ref} names, if any; anyone may read sites. */
    public Optional<SiteDetails> site(SiteRef ref) {
        return database.read(handle -> site(handle, ref));
    }

    public Optional<SiteDetails> site(Handle handle, SiteRef ref) {
        String column = ref instanceof SiteRef.ById ? "site_id" : "login_base";
        return Rows.select(handle, DETAILS + " AND " + column + " = ?", List.of(ref.key()))
                .map((row, context) -> details(row)).findOne();
    }

    /** One page of the live sites {@code filter} selects, by site id. */
    public List<SiteDetails> sites(SiteFilter filter) {
        return database.read(handle -> sites(handle, filter));
    }

    public List<SiteDetails> sites(Handle handle, SiteFilter filter) {
        StringBuilder sql = new StringBuilder(DETAILS);
        List<Object> parameters = new ArrayList<>();
        filter.enabled().ifPresent(enabled -> {
            sql.append(" AND enabled = ?");
            parameters.add(enabled);
        });
        filter.page().appendTo(sql, parameters, "site_id");
        return Rows.select(handle, sql.toString(), parameters).map((row, context) -> details(row)).list();
    }

    /** Where every live site is, by site id; anyone may read sites' coordinates (GetSites). */
    public List<SiteLocation> locations(Handle handle) {
        return handle.createQuery("SELECT site_id, login_base, name, latitude, longitude FROM sites"
                        + " WHERE deleted = FALSE ORDER BY site_id")
                .map((row, context) -> {
                    double latitude = row.getDouble(4);
                    OptionalDouble north = row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(latitude);
                    double longitude = row.getDouble(5);
                    OptionalDouble east = row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(longitude);
                    return new SiteLocation(row.getLong(1), row.getString(2), row.getString(3), north, east);
                })
                .list();
    }

    /** The site's network prefixes, in the order they were given (GetSites' subnets). */
    public List<String> subnets(Handle handle, long siteId) {
        return handle.createQuery("SELECT cidr FROM site_subnets WHERE site_id = :id ORDER BY position")
                .bind("id", siteId).mapTo(String.class).list();
    }

    private static SiteDetails details(ResultSet row) throws SQLException {
        return new SiteDetails(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                Optional.ofNullable(row.getString(5)), row.getBoolean(6), row.getBoolean(7), row.getLong(8),
                row.getLong(9), row.getLong(10));
    }

    public long addSite(Caller caller, NewSite site) {
        return mutations.run(caller, "AddSite", List.of(site.loginBase()), mutation -> addSite(mutation, site));
    }

    public long addSite(Mutation mutation, NewSite site) {
        if (Sites.find(mutation.db(), site.loginBase()).isPresent()) {
            throw PlanetLabException.alreadyExists("a site with login_base \"" + site.loginBase() + "\" already exists");
        }
        checkCoordinates(site.latitude().orElse(null), site.longitude().orElse(null));
        long siteId = Database.nextId(mutation.db(), "sites");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("site_id", siteId);
        row.put("login_base", site.loginBase());
        row.put("name", site.name());
        row.put("abbreviated_name", site.abbreviatedName());
        row.put("url", site.url().orElse(null));
        row.put("latitude", site.latitude().orElse(null));
        row.put("longitude", site.longitude().orElse(null));
        row.put("max_slices", site.maxSlices().orElse(defaults.maxSlices()));
        row.put("max_slivers", site.maxSlivers().orElse(defaults.maxSlivers()));
        row.put("is_public", site.isPublic().orElse(true));
        row.put("enabled", site.enabled().orElse(true));
        row.put("date_created", mutation.now());
        row.put("last_updated", mutation.now());
        row.put("deleted", false);
        Rows.insert(mutation.db(), "sites", row);
        site.subnets().ifPresent(subnets -> writeSubnets(mutation, siteId, subnets));
        mutation.affected(ObjectType.SITE, siteId);
        mutation.message("site %d (%s) added".formatted(siteId, site.loginBase()));
        return siteId;
    }

    public void updateSite(Caller caller, SiteRef ref, SiteUpdate update) {
        mutations.run(caller, "UpdateSite", List.of(ref.key()), mutation -> {
            updateSite(mutation, ref, update);
            return null;
        });
    }

    public void updateSite(Mutation mutation, SiteRef ref, SiteUpdate update) {
        Sites.SiteRecord site = Sites.require(mutation.db(), ref.key());
        Permissions.requireSite(mutation.caller(), site.siteId(), "UpdateSite");
        ForeignObjects.requireLocal(mutation.db(), ObjectType.SITE, site.siteId(), "UpdateSite");
        if (!mutation.caller().isOperator()) {
            requireUnchangedByOthers("login_base", update.loginBase());
            requireUnchangedByOthers("max_slices", update.maxSlices());
            requireUnchangedByOthers("max_slivers", update.maxSlivers());
        }
        update.loginBase().filter(loginBase -> !loginBase.equals(site.loginBase()))
                .ifPresent(loginBase -> renameCheck(mutation, site, loginBase));
        if (update.latitude().isPresent() || update.longitude().isPresent()) {
            Map<String, Object> current = mutation.db()
                    .createQuery("SELECT latitude, longitude FROM sites WHERE site_id = :id")
                    .bind("id", site.siteId()).mapToMap().one();
            checkCoordinates(update.latitude().map(value -> (Object) value.orElse(null)).orElse(current.get("latitude")),
                    update.longitude().map(value -> (Object) value.orElse(null)).orElse(current.get("longitude")));
        }
        update.subnets().ifPresent(subnets -> writeSubnets(mutation, site.siteId(), subnets));
        Map<String, Object> columns = new LinkedHashMap<>();
        update.loginBase().ifPresent(value -> columns.put("login_base", value));
        update.name().ifPresent(value -> columns.put("name", value));
        update.abbreviatedName().ifPresent(value -> columns.put("abbreviated_name", value));
        update.url().ifPresent(value -> columns.put("url", value.orElse(null)));
        update.latitude().ifPresent(value -> columns.put("latitude", value.orElse(null)));
        update.longitude().ifPresent(value -> columns.put("longitude", value.orElse(null)));
        update.maxSlices().ifPresent(value -> columns.put("max_slices", value));
        update.maxSlivers().ifPresent(value -> columns.put("max_slivers", value));
        update.isPublic().ifPresent(value -> columns.put("is_public", value));
        update.enabled().ifPresent(value -> columns.put("enabled", value));
        columns.put("last_updated", mutation.now());
        Rows.update(mutation.db(), "sites", "site_id", site.siteId(), columns);
        mutation.affected(ObjectType.SITE, site.siteId());
        mutation.message("site %d updated".formatted(site.siteId()));
    }

    public void deleteSite(Caller caller, SiteRef ref) {
        mutations.run(caller, "DeleteSite", List.of(ref.key()), mutation -> {
            deleteSite(mutation, ref);
            return null;
        });
    }

    public void deleteSite(Mutation mutation, SiteRef ref) {
        Sites.SiteRecord site = Sites.require(mutation.db(), ref.key());
        long siteId = site.siteId();
        ForeignObjects.requireLocal(mutation.db(), ObjectType.SITE, siteId, "DeleteSite");
        for (SiteDependents dependent : dependents) {
            dependent.siteDeleted(mutation, siteId);
        }
        Map<String, Object> id = Map.of("id", siteId);
        Rows.execute(mutation.db(), "DELETE FROM pcu_nodes WHERE pcu_id IN (SELECT pcu_id FROM pcus WHERE site_id = :id)",
                id);
        Rows.execute(mutation.db(), "DELETE FROM pcus WHERE site_id = :id", id);
        Rows.execute(mutation.db(), "DELETE FROM addresses WHERE site_id = :id", id);
        Rows.update(mutation.db(), "sites", "site_id", siteId, Map.of("deleted", true, "last_updated", mutation.now()));
        mutation.affected(ObjectType.SITE, siteId);
        mutation.message("site %d (%s) deleted".formatted(siteId, site.loginBase()));
    }

    public long addAddress(Caller caller, SiteRef ref, Address address) {
        return mutations.run(caller, "AddSiteAddress", List.of(ref.key()),
                mutation -> addAddress(mutation, ref, address));
    }

    public long addAddress(Mutation mutation, SiteRef ref, Address address) {
        Sites.SiteRecord site = Sites.require(mutation.db(), ref.key());
        Permissions.requireSite(mutation.caller(), site.siteId(), "AddSiteAddress");
        long addressId = Database.nextId(mutation.db(), "addresses");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("address_id", addressId);
        row.put("site_id", site.siteId());
        row.put("line1", address.line1());
        row.put("line2", address.line2().orElse(null));
        row.put("line3", address.line3().orElse(null));
        row.put("city", address.city());
        row.put("state", address.state());
        row.put("postalcode", address.postalCode());
        row.put("country", address.country());
        row.put("last_updated", mutation.now());
        Rows.insert(mutation.db(), "addresses", row);
        mutation.affected(ObjectType.ADDRESS, addressId);
        mutation.affected(ObjectType.SITE, site.siteId());
        return addressId;
    }

    public void updateAddress(Mutation mutation, long addressId, AddressUpdate update) {
        long siteId = addressSite(mutation, addressId, "UpdateAddress");
        Map<String, Object> columns = new LinkedHashMap<>();
        update.line1().ifPresent(value -> columns.put("line1", value));
        update.line2().ifPresent(value -> columns.put("line2", value.orElse(null)));
        update.line3().ifPresent(value -> columns.put("line3", value.orElse(null)));
        update.city().ifPresent(value -> columns.put("city", value));
        update.state().ifPresent(value -> columns.put("state", value));
        update.postalCode().ifPresent(value -> columns.put("postalcode", value));
        update.country().ifPresent(value -> columns.put("country", value));
        columns.put("last_updated", mutation.now());
        Rows.update(mutation.db(), "addresses", "address_id", addressId, columns);
        mutation.affected(ObjectType.ADDRESS, addressId);
        mutation.affected(ObjectType.SITE, siteId);
    }

    public void deleteAddress(Mutation mutation, long addressId) {
        long siteId = addressSite(mutation, addressId, "DeleteAddress");
        Rows.execute(mutation.db(), "DELETE FROM addresses WHERE address_id = :id", Map.of("id", addressId));
        mutation.affected(ObjectType.ADDRESS, addressId);
        mutation.affected(ObjectType.SITE, siteId);
    }

    private static void requireUnchangedByOthers(String field, Optional<?> value) {
        if (value.isPresent()) {
            throw PlanetLabException.permissionDenied(
                    "site_fields." + field + ": only operators may change it; ask PlanetLab support");
        }
    }

    private static void renameCheck(Mutation mutation, Sites.SiteRecord site, String loginBase) {
        if (Sites.find(mutation.db(), loginBase).isPresent()) {
            throw PlanetLabException.alreadyExists("a site with login_base \"" + loginBase + "\" already exists");
        }
        long liveSlices = mutation.db()
                .createQuery("SELECT COUNT(*) FROM slices WHERE site_id = :id AND is_deleted = FALSE")
                .bind("id", site.siteId()).mapTo(Long.class).one();
        if (liveSlices > 0) {
            throw PlanetLabException.invalidArgument("site_fields.login_base: site %s has %d live slices named after it;"
                    .formatted(site.loginBase(), liveSlices) + " delete them before renaming the site");
        }
    }

    private static long addressSite(Mutation mutation, long addressId, String action) {
        long siteId = mutation.db().createQuery("SELECT a.site_id FROM addresses a JOIN sites s ON s.site_id = a.site_id"
                        + " AND s.deleted = FALSE WHERE a.address_id = :id")
                .bind("id", addressId).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no address with address_id " + addressId));
        Permissions.requireSite(mutation.caller(), siteId, action);
        return siteId;
    }

    private static void checkCoordinates(Object latitude, Object longitude) {
        if ((latitude == null) != (longitude == null)) {
            throw PlanetLabException.invalidArgument(
                    "site_fields: latitude and longitude must be given together (or both be nil)");
        }
    }

    private static void writeSubnets(Mutation mutation, long siteId, List<String> subnets) {
        Rows.execute(mutation.db(), "DELETE FROM site_subnets WHERE site_id = :id", Map.of("id", siteId));
        long position = 0;
        for (String subnet : subnets) {
            Subnets.check(subnet);
            Rows.insert(mutation.db(), "site_subnets", Map.of("site_id", siteId, "position", position++,
                    "cidr", subnet));
        }
    }
}
