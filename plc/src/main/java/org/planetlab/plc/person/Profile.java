package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a person tells about themselves, by field name as PLCAPI names it (email, first_name,
 * last_name, title, phone, url, bio, address). A field given as empty is set to nil.
 */
public record Profile(Map<String, Optional<String>> fields) {
    static final java.util.List<String> FIELDS =
            java.util.List.of("email", "first_name", "last_name", "title", "phone", "url", "bio", "address");

    public Profile {
        requireNonNull(fields, "fields is null");
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("no profile field " + name + "; the fields are " + FIELDS);
            }
        }
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The profile of a new person: e-mail address and name. */
    public static Profile of(String email, String firstName, String lastName) {
        Map<String, Optional<String>> fields = new LinkedHashMap<>();
        fields.put("email", Optional.of(email));
        fields.put("first_name", Optional.of(firstName));
        fields.put("last_name", Optional.of(lastName));
        return new Profile(fields);
    }

    public Optional<String> email() {
        return fields.getOrDefault("email", Optional.empty());
    }
}
