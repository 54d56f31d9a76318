package org.planetlab.plc.site;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A postal address of a site; the second and third lines may be unset. */
public record Address(String line1, Optional<String> line2, Optional<String> line3, String city, String state,
        String postalCode, String country) {
    public Address {
        requireNonNull(line1, "line1 is null");
        requireNonNull(line2, "line2 is null");
        requireNonNull(line3, "line3 is null");
        requireNonNull(city, "city is null");
        requireNonNull(state, "state is null");
        requireNonNull(postalCode, "postalCode is null");
        requireNonNull(country, "country is null");
    }
}
