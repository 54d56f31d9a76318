package org.planetlab.portal.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What was wrong with a submitted form, by field (shown next to the field) and in general
 * (shown above the form). Empty when nothing was.
 */
public record FormErrors(Map<String, String> byField, Optional<String> general) {
    public static final FormErrors NONE = new FormErrors(Map.of(), Optional.empty());

    public FormErrors {
        byField = Map.copyOf(byField);
        java.util.Objects.requireNonNull(general, "general is null");
    }

    public static FormErrors field(String field, String message) {
        return new FormErrors(Map.of(field, message), Optional.empty());
    }

    public static FormErrors general(String message) {
        return new FormErrors(Map.of(), Optional.of(message));
    }

    /**
     * The refusal of a service or of the API's argument check, put next to the field it names
     * ({@code person_fields.email: ...} goes to {@code email}) when the form has that field.
     */
    public static FormErrors from(org.planetlab.api.error.PlanetLabException e, java.util.Set<String> formFields) {
        return from(e, formFields, "");
    }

    /**
     * As {@link #from(org.planetlab.api.error.PlanetLabException, java.util.Set)}, for a form whose
     * fields are named {@code prefix} + the API's field (several forms on one page keep apart).
     */
    public static FormErrors from(org.planetlab.api.error.PlanetLabException e, java.util.Set<String> formFields,
            String prefix) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        if (colon > 0) {
            String path = message.substring(0, colon);
            String field = path.substring(path.lastIndexOf('.') + 1);
            if (!path.contains(" ") && formFields.contains(field)) {
                return field(prefix + field, message.substring(colon + 2));
            }
        }
        return general(message);
    }

    public FormErrors and(String field, String message) {
        Map<String, String> more = new LinkedHashMap<>(byField);
        more.putIfAbsent(field, message);
        return new FormErrors(more, general);
    }

    /** The message for {@code field}, or null, as templates test it. */
    public String of(String field) {
        return byField.get(field);
    }

    public boolean isEmpty() {
        return byField.isEmpty() && general.isEmpty();
    }
}
