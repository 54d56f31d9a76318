package org.planetlab.plc.site;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The fields of an address to change. An empty Optional leaves a field as it is; for the second
 * and third lines the inner Optional is the new value, empty to unset it.
 */
public record AddressUpdate(Optional<String> line1, Optional<Optional<String>> line2,
        Optional<Optional<String>> line3, Optional<String> city, Optional<String> state, Optional<String> postalCode,
        Optional<String> country) {
    public AddressUpdate {
        requireNonNull(line1, "line1 is null");
        requireNonNull(line2, "line2 is null");
        requireNonNull(line3, "line3 is null");
        requireNonNull(city, "city is null");
        requireNonNull(state, "state is null");
        requireNonNull(postalCode, "postalCode is null");
        requireNonNull(country, "country is null");
    }
}
