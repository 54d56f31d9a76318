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
import org.planetlab.portal.web.FormErrors;
import org.planetlab.portal.web.WebRequest;

/**
 * The site form of a site's page: its names, web page, coordinates and subnets for its PIs, and
 * its limits (max_slices, max_slivers) for operators only, as UpdateSite lets them. Saving sets
 * every field of the form: an emptied web page, position or subnet list is removed, an emptied
 * name or limit is refused beside its field.
 */
final class SiteForm {
    /** The form's fields, named as UpdateSite's {@code site_fields}. */
    static final List<String> FIELDS = List.of("name", "abbreviated_name", "url", "latitude", "longitude", "subnets",
            "max_slices", "max_slivers");
    /** The fields UpdateSite cannot unset, with what to say when one is emptied. */
    private static final Map<String, String> REQUIRED = Map.of(
            "name", "Give the site's name; it cannot be removed.",
            "abbreviated_name", "Give the site's short name; it cannot be removed.",
            "max_slices", "Give the most slices the site may have, a number.",
            "max_slivers", "Give the most slivers the site may have, a number.");

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
     * The fields of the form that must not be left empty (UpdateSite cannot unset them), and
     * the coordinates, which are removed together or not at all; a field not in the posted form
     * (the limits, in a PI's form) is not checked.
     */
    static FormErrors missing(WebRequest request) {
        FormErrors errors = FormErrors.NONE;
        for (Map.Entry<String, String> field : REQUIRED.entrySet()) {
            if (posted(request, field.getKey()) && request.field(field.getKey()).isEmpty()) {
                errors = errors.and(field.getKey(), field.getValue());
            }
        }
        boolean latitude = request.field("latitude").isEmpty();
        boolean longitude = request.field("longitude").isEmpty();
        if (posted(request, "latitude") && posted(request, "longitude") && latitude != longitude) {
            errors = errors.and(latitude ? "latitude" : "longitude", "Give the "
                    + (latitude ? "latitude" : "longitude") + " too, or empty both to remove the site's position.");
        }
        return errors;
    }

    /**
     * The update the posted fields ask for, checked with UpdateSite's field types: each field in
     * the form is set to what it holds, and an emptied optional one (web page, coordinates,
     * subnets) is removed; a limit from someone other than an operator is refused as the API
     * refuses it. Empty if the form holds none of the site's fields.
     *
     * @throws PlanetLabException naming the field ({@code site_fields.latitude: ...}) if a value is malformed
     */
    static Optional<SiteUpdate> update(WebRequest request) {
        Map<String, Object> wire = new LinkedHashMap<>();
        for (String field : FIELDS) {
            if (!posted(request, field)) {
                continue;
            }
            String value = request.field(field);
            wire.put(field, switch (field) {
                case "latitude", "longitude" -> value.isEmpty() ? null : number(field, value, Double::valueOf);
                case "max_slices", "max_slivers" -> number(field, value, Long::valueOf);
                case "subnets" -> value.isEmpty() ? List.of() : List.of(value.split("[\\s,]+"));
                case "url" -> value.isEmpty() ? null : value;
                default -> value;
            });
        }
        if (wire.isEmpty()) {
            return Optional.empty();
        }
        ApiRules.check("UpdateSite", 1, wire);
        return Optional.of(new SiteUpdate(Optional.empty(), text(wire, "name"), text(wire, "abbreviated_name"),
                optional(wire, "url", String.class), optional(wire, "latitude", Double.class),
                optional(wire, "longitude", Double.class), count(wire, "max_slices"), count(wire, "max_slivers"),
                Optional.empty(), Optional.empty(), Optional.ofNullable(wire.get("subnets"))
                        .map(value -> ((List<?>) value).stream().map(String.class::cast).toList())));
    }

    private static boolean posted(WebRequest request, String field) {
        return request.fields().containsKey(field);
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

    /** Not in the form: unchanged; in it and empty (null): removed; else the value. */
    private static <T> Optional<Optional<T>> optional(Map<String, Object> wire, String field, Class<T> type) {
        return wire.containsKey(field) ? Optional.of(Optional.ofNullable(type.cast(wire.get(field)))) : Optional.empty();
    }

    private static Optional<Long> count(Map<String, Object> wire, String field) {
        return Optional.ofNullable((Long) wire.get(field));
    }
}
