package org.planetlab.plc.site;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.auth.Permissions;
import org.planetlab.plc.node.NodeRemoval;
import org.planetlab.plc.person.PersonRemoval;
import org.planetlab.plc.slice.SliceRemoval;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.QueryEngine;
import org.planetlab.plc.store.Rows;

/** AddSite, GetSites, UpdateSite, DeleteSite and the site address methods. */
public final class SiteMethods {
    private final SiteDefaults defaults;

    /** What a new site gets when the operator does not say. */
    public record SiteDefaults(long maxSlices, long maxSlivers) {}

    public SiteMethods(SiteDefaults defaults) {
        this.defaults = requireNonNull(defaults, "defaults is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddSite", this::addSite)
                .bind("GetSites", call -> QueryEngine.get(call.db(), SiteTables.SITES, (Filter) call.optionalArg(0)
                        .orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateSite", this::updateSite)
                .bind("DeleteSite", this::deleteSite)
                .bind("AddSiteAddress", this::addAddress)
                .bind("GetAddresses", call -> QueryEngine.get(call.db(), SiteTables.ADDRESSES, (Filter) call
                        .optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateAddress", this::updateAddress)
                .bind("DeleteAddress", this::deleteAddress);
    }

    private Object addSite(Call call) {
        Map<String, Object> fields = call.structArg(0);
        String loginBase = (String) fields.get("login_base");
        if (Sites.find(call.db(), loginBase).isPresent()) {
            throw PlanetLabException.alreadyExists("a site with login_base \"" + loginBase + "\" already exists");
        }
        checkCoordinates(fields.get("latitude"), fields.get("longitude"));
        long siteId = Database.nextId(call.db(), "sites");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("site_id", siteId);
        row.put("login_base", loginBase);
        row.put("name", fields.get("name"));
        row.put("abbreviated_name", fields.get("abbreviated_name"));
        row.put("url", fields.get("url"));
        row.put("latitude", fields.get("latitude"));
        row.put("longitude", fields.get("longitude"));
        row.put("max_slices", fields.getOrDefault("max_slices", defaults.maxSlices()));
        row.put("max_slivers", fields.getOrDefault("max_slivers", defaults.maxSlivers()));
        row.put("is_public", fields.getOrDefault("is_public", true));
        row.put("enabled", fields.getOrDefault("enabled", true));
        row.put("date_created", call.now());
        row.put("last_updated", call.now());
        row.put("deleted", false);
        Rows.insert(call.db(), "sites", row);
        if (fields.containsKey("subnets")) {
            writeSubnets(call, siteId, castList(fields.get("subnets")));
        }
        call.affected(ObjectType.SITE, siteId);
        call.message("site %d (%s) added".formatted(siteId, loginBase));
        return siteId;
    }

    private Object updateSite(Call call) {
        Sites.SiteRecord site = Sites.require(call.db(), call.arg(0));
        Permissions.requireSite(call.caller(), site.siteId(), "UpdateSite");
        Map<String, Object> fields = new LinkedHashMap<>(call.structArg(1));
        if (!call.caller().isOperator()) {
            for (String field : List.of("login_base", "max_slices", "max_slivers")) {
                if (fields.containsKey(field)) {
                    throw PlanetLabException.permissionDenied(
                            "site_fields." + field + ": only operators may change it; ask PlanetLab support");
                }
            }
        }
        if (fields.containsKey("login_base") && !fields.get("login_base").equals(site.loginBase())) {
            renameCheck(call, site, (String) fields.get("login_base"));
        }
        if (fields.containsKey("latitude") || fields.containsKey("longitude")) {
            Map<String, Object> current = call.db().createQuery("SELECT latitude, longitude FROM sites WHERE site_id = :id")
                    .bind("id", site.siteId()).mapToMap().one();
            checkCoordinates(fields.containsKey("latitude") ? fields.get("latitude") : current.get("latitude"),
                    fields.containsKey("longitude") ? fields.get("longitude") : current.get("longitude"));
        }
        Object subnets = fields.remove("subnets");
        if (subnets != null) {
            writeSubnets(call, site.siteId(), castList(subnets));
        }
        fields.put("last_updated", call.now());
        Rows.update(call.db(), "sites", "site_id", site.siteId(), fields);
        call.affected(ObjectType.SITE, site.siteId());
        call.message("site %d updated".formatted(site.siteId()));
        return 1L;
    }

    private static void renameCheck(Call call, Sites.SiteRecord site, String loginBase) {
        if (Sites.find(call.db(), loginBase).isPresent()) {
            throw PlanetLabException.alreadyExists("a site with login_base \"" + loginBase + "\" already exists");
        }
        long liveSlices = call.db().createQuery("SELECT COUNT(*) FROM slices WHERE site_id = :id AND is_deleted = FALSE")
                .bind("id", site.siteId()).mapTo(Long.class).one();
        if (liveSlices > 0) {
            throw PlanetLabException.invalidArgument("site_fields.login_base: site %s has %d live slices named after it;"
                    .formatted(site.loginBase(), liveSlices) + " delete them before renaming the site");
        }
    }

    private Object deleteSite(Call call) {
        Sites.SiteRecord site = Sites.require(call.db(), call.arg(0));
        long siteId = site.siteId();
        for (long sliceId : ids(call, "SELECT slice_id FROM slices WHERE site_id = :id AND is_deleted = FALSE", siteId)) {
            SliceRemoval.markDeleted(call.mutation(), sliceId);
        }
        for (long nodeId : ids(call, "SELECT node_id FROM nodes WHERE site_id = :id AND deleted = FALSE", siteId)) {
            NodeRemoval.markDeleted(call.mutation(), nodeId);
        }
        List<Long> persons = ids(call, "SELECT person_id FROM person_sites WHERE site_id = :id", siteId);
        Rows.execute(call.db(), "DELETE FROM person_sites WHERE site_id = :id", Map.of("id", siteId));
        for (long personId : persons) {
            long otherSites = call.db().createQuery("SELECT COUNT(*) FROM person_sites WHERE person_id = :id")
                    .bind("id", personId).mapTo(Long.class).one();
            if (otherSites == 0) {
                PersonRemoval.markDeleted(call.mutation(), personId);
            } else {
                call.affected(ObjectType.PERSON, personId);
            }
        }
        Rows.execute(call.db(), "DELETE FROM pcu_nodes WHERE pcu_id IN (SELECT pcu_id FROM pcus WHERE site_id = :id)",
                Map.of("id", siteId));
        Rows.execute(call.db(), "DELETE FROM pcus WHERE site_id = :id", Map.of("id", siteId));
        Rows.execute(call.db(), "DELETE FROM addresses WHERE site_id = :id", Map.of("id", siteId));
        Rows.update(call.db(), "sites", "site_id", siteId, Map.of("deleted", true, "last_updated", call.now()));
        call.affected(ObjectType.SITE, siteId);
        call.message("site %d (%s) deleted".formatted(siteId, site.loginBase()));
        return 1L;
    }

    private Object addAddress(Call call) {
        Sites.SiteRecord site = Sites.require(call.db(), call.arg(0));
        Permissions.requireSite(call.caller(), site.siteId(), "AddSiteAddress");
        Map<String, Object> fields = call.structArg(1);
        long addressId = Database.nextId(call.db(), "addresses");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("address_id", addressId);
        row.put("site_id", site.siteId());
        for (String field : List.of("line1", "line2", "line3", "city", "state", "postalcode", "country")) {
            row.put(field, fields.getOrDefault(field, field.startsWith("line") ? null : ""));
        }
        row.put("last_updated", call.now());
        Rows.insert(call.db(), "addresses", row);
        call.affected(ObjectType.ADDRESS, addressId);
        call.affected(ObjectType.SITE, site.siteId());
        return addressId;
    }

    private Object updateAddress(Call call) {
        long siteId = addressSite(call, call.longArg(0), "UpdateAddress");
        Map<String, Object> fields = new LinkedHashMap<>(call.structArg(1));
        fields.put("last_updated", call.now());
        Rows.update(call.db(), "addresses", "address_id", call.longArg(0), fields);
        call.affected(ObjectType.ADDRESS, call.longArg(0));
        call.affected(ObjectType.SITE, siteId);
        return 1L;
    }

    private Object deleteAddress(Call call) {
        long siteId = addressSite(call, call.longArg(0), "DeleteAddress");
        Rows.execute(call.db(), "DELETE FROM addresses WHERE address_id = :id", Map.of("id", call.longArg(0)));
        call.affected(ObjectType.ADDRESS, call.longArg(0));
        call.affected(ObjectType.SITE, siteId);
        return 1L;
    }

    private static long addressSite(Call call, long addressId, String action) {
        long siteId = call.db().createQuery("SELECT a.site_id FROM addresses a JOIN sites s ON s.site_id = a.site_id"
                        + " AND s.deleted = FALSE WHERE a.address_id = :id")
                .bind("id", addressId).mapTo(Long.class).findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no address with address_id " + addressId));
        Permissions.requireSite(call.caller(), siteId, action);
        return siteId;
    }

    private static void checkCoordinates(Object latitude, Object longitude) {
        if ((latitude == null) != (longitude == null)) {
            throw PlanetLabException.invalidArgument(
                    "site_fields: latitude and longitude must be given together (or both be nil)");
        }
    }

    private static void writeSubnets(Call call, long siteId, List<String> subnets) {
        Rows.execute(call.db(), "DELETE FROM site_subnets WHERE site_id = :id", Map.of("id", siteId));
        long position = 0;
        for (String subnet : subnets) {
            checkCidr(subnet);
            Rows.insert(call.db(), "site_subnets", Map.of("site_id", siteId, "position", position++, "cidr", subnet));
        }
    }

    /** Checks that a prefix has a valid address and a length that fits it. */
    static void checkCidr(String cidr) {
        int slash = cidr.indexOf('/');
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(cidr.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument("site_fields.subnets: \"" + cidr + "\" is not a valid network prefix");
        }
        int length = Integer.parseInt(cidr.substring(slash + 1));
        int bits = address.getAddress().length * 8;
        if (length > bits) {
            throw PlanetLabException.invalidArgument(
                    "site_fields.subnets: \"%s\" has a prefix longer than %d bits".formatted(cidr, bits));
        }
    }

    private static List<Long> ids(Call call, String sql, long siteId) {
        return call.db().createQuery(sql).bind("id", siteId).mapTo(Long.class).list();
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }
}
