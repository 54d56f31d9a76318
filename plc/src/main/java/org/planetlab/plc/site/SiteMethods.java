package org.planetlab.plc.site;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;

/**
 * AddSite, GetSites, UpdateSite, DeleteSite and the site address methods: wire values in, a
 * {@link SiteService} call, wire values out.
 */
public final class SiteMethods {
    private final SiteService sites;

    public SiteMethods(SiteService sites) {
        this.sites = requireNonNull(sites, "sites is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddSite", call -> sites.addSite(call.mutation(), newSite(call.structArg(0))))
                .bind("GetSites", call -> QueryEngine.get(call.db(), SiteTables.SITES, (Filter) call.optionalArg(0)
                        .orElse(Filter.ALL), call.returnFields(1), call.caller().isOperator()
                                ? QueryEngine.Access.OPERATOR : QueryEngine.Access.EVERYONE))
                .bind("UpdateSite", call -> {
                    sites.updateSite(call.mutation(), ref(call.arg(0)), siteUpdate(call.structArg(1)));
                    return 1L;
                })
                .bind("DeleteSite", call -> {
                    sites.deleteSite(call.mutation(), ref(call.arg(0)));
                    return 1L;
                })
                .bind("AddSiteAddress", call -> sites.addAddress(call.mutation(), ref(call.arg(0)),
                        address(call.structArg(1))))
                .bind("GetAddresses", call -> QueryEngine.get(call.db(), SiteTables.ADDRESSES, (Filter) call
                        .optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("UpdateAddress", call -> {
                    sites.updateAddress(call.mutation(), call.longArg(0), addressUpdate(call.structArg(1)));
                    return 1L;
                })
                .bind("DeleteAddress", call -> {
                    sites.deleteAddress(call.mutation(), call.longArg(0));
                    return 1L;
                });
    }

    private static SiteRef ref(Object wire) {
        return wire instanceof Long id ? SiteRef.of(id) : SiteRef.of((String) wire);
    }

    private static NewSite newSite(Map<String, Object> fields) {
        return new NewSite((String) fields.get("login_base"), (String) fields.get("name"),
                (String) fields.get("abbreviated_name"), optional(fields, "url", String.class),
                optional(fields, "latitude", Double.class), optional(fields, "longitude", Double.class),
                optionalLong(fields, "max_slices"), optionalLong(fields, "max_slivers"),
                optional(fields, "is_public", Boolean.class), optional(fields, "enabled", Boolean.class),
                strings(fields, "subnets"));
    }

    private static SiteUpdate siteUpdate(Map<String, Object> fields) {
        return new SiteUpdate(optional(fields, "login_base", String.class), optional(fields, "name", String.class),
                optional(fields, "abbreviated_name", String.class), nullable(fields, "url", String.class),
                nullable(fields, "latitude", Double.class), nullable(fields, "longitude", Double.class),
                optional(fields, "max_slices", Long.class), optional(fields, "max_slivers", Long.class),
                optional(fields, "is_public", Boolean.class), optional(fields, "enabled", Boolean.class),
                strings(fields, "subnets"));
    }

    private static Address address(Map<String, Object> fields) {
        return new Address((String) fields.get("line1"), optional(fields, "line2", String.class),
                optional(fields, "line3", String.class), (String) fields.get("city"),
                (String) fields.getOrDefault("state", ""), (String) fields.getOrDefault("postalcode", ""),
                (String) fields.get("country"));
    }

    private static AddressUpdate addressUpdate(Map<String, Object> fields) {
        return new AddressUpdate(optional(fields, "line1", String.class), nullable(fields, "line2", String.class),
                nullable(fields, "line3", String.class), optional(fields, "city", String.class),
                optional(fields, "state", String.class), optional(fields, "postalcode", String.class),
                optional(fields, "country", String.class));
    }

    /** A field that is either given with a value or left out (nil counts as left out). */
    private static <T> Optional<T> optional(Map<String, Object> fields, String name, Class<T> type) {
        return Optional.ofNullable(type.cast(fields.get(name)));
    }

    private static OptionalLong optionalLong(Map<String, Object> fields, String name) {
        return fields.get(name) instanceof Long value ? OptionalLong.of(value) : OptionalLong.empty();
    }

    /** A field that may be left out, given a value, or given nil to unset it. */
    private static <T> Optional<Optional<T>> nullable(Map<String, Object> fields, String name, Class<T> type) {
        return fields.containsKey(name) ? Optional.of(Optional.ofNullable(type.cast(fields.get(name))))
                : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Optional<List<String>> strings(Map<String, Object> fields, String name) {
        return Optional.ofNullable((List<String>) fields.get(name));
    }
}
