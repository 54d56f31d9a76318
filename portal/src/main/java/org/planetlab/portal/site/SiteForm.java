package org.planetlab.portal.site;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.site.SiteDetails;
import org.planetlab.plc.site.SiteLocation;
import org.planetlab.plc.site.SiteUpdate;
import org.planetlab.portal.security.ApiRules;
import org.planetlab.portal.web.WebRequest;

/**
 * The site form of a site's page: its names, web page, coordinates and subnets for its PIs, and
 * its limits (max_slices, max_slivers) for operators only, as UpdateSite lets them. A field left
 * empty keeps its value.
 */
final class SiteForm {
    /** The form's fields, named as UpdateSite's {@code site_fields}. */
    static final List<String> FIELDS = List.of("name", "abbreviated_name", "url", "latitude", "longitude", "subnets",
            "max_slices", "max_slivers");

    private SiteForm() {}

    /** The values to show: what was typed when a refused form comes back, else what is stored. */
    static Map<String, String> entered(Plc plc, WebRequest request, SiteDetails site) {
        Optional<SiteLocation> location = plc.database().read(handle -> plc.sites().locations(handle)).stream()
                .filter(candidate -> candidate.siteId() == site.siteId()).findFirst();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", site.name());
        values.put("abbreviated_name", site.abbreviatedName());
        values.put("url", site.url().orElse(""));
        values.put("latitude", location.map(SiteLocation::latitude).map(SiteForm::degrees).orElse(""));
        values.put("longitude", location.map(SiteLocation::longitude).map(SiteForm::degrees).orElse(""));
        List<String> subnets = plc.database().read(handle -> plc.sites().subnets(handle, site.siteId()));
        values.put("subnets", String.join(" ", subnets));
        values.put("max_slices", Long.toString(site.maxSlices()));
        values.put("max_slivers", Long.toString(site.maxSlivers()));
        if (request.method().equals("POST")) {
            FIELDS.forEach(field -> values.put(field, request.field(field)));
        }
        return values;
    }

    private static String degrees(OptionalDouble value) {
        return value.isPresent() ? Double.toString(value.getAsDouble()) : "";
    }

    /**
     * The update the filled-in fields ask for, checked with UpdateSite's field types; a limit from
     * someone other than an operator is refused as the API refuses it.
     *
     * @throws PlanetLabException naming the field ({@code site_fields.latitude: ...}) if a value is malformed
     */
    static Optional<SiteUpdate> update(WebRequest request) {
        Map<String, Object> wire = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = request.field(field);
            if (value.isEmpty()) {
                continue;
            }
            wire.put(field, switch (field) {
                case "latitude", "longitude" -> number(field, value, Double::valueOf);
                case "max_slices", "max_slivers" -> number(field, value, Long::valueOf);
                case "subnets" -> List.of(value.split("[\\s,]+"));
                default -> value;
            });
        }
        if (wire.isEmpty()) {
            return Optional.empty();
        }
        ApiRules.check("UpdateSite", 1, wire);
        return Optional.of(new SiteUpdate(Optional.empty(), text(wire, "name"), text(wire, "abbreviated_name"),
                text(wire, "url").map(Optional::of), degrees(wire, "latitude"), degrees(wire, "longitude"),
                count(wire, "max_slices"), count(wire, "max_slivers"), Optional.empty(), Optional.empty(),
                Optional.ofNullable(wire.get("subnets")).map(value -> ((List<?>) value).stream()
                        .map(String.class::cast).toList())));
    }

    /** Whether the viewer may change the limits (operators only, as UpdateSite decides). */
    static boolean mayChangeLimits(WebRequest request) {
        return request.caller().isOperator();
    }

    private static Object number(String field, String value, Function<String, Object> parse) {
        try {
            return parse.apply(value);
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument("site_fields.%s: \"%s\" is not a number".formatted(field, value));
        }
    }

    private static Optional<String> text(Map<String, Object> wire, String field) {
        return Optional.ofNullable((String) wire.get(field));
    }

    private static Optional<Optional<Double>> degrees(Map<String, Object> wire, String field) {
        return Optional.ofNullable((Double) wire.get(field)).map(Optional::of);
    }

    private static Optional<Long> count(Map<String, Object> wire, String field) {
        return Optional.ofNullable((Long) wire.get(field));
    }
}
