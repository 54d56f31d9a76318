package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A slice to create, named {@code <login_base>_<name>}. What is left empty takes the defaults:
 * no URL or description, at most 100 nodes, and the instantiation of the way it is created.
 */
public record NewSlice(String name, Optional<String> url, Optional<String> description, Optional<Long> maxNodes,
        Optional<String> instantiation) {
    public NewSlice {
        requireNonNull(name, "name is null");
        requireNonNull(url, "url is null");
        requireNonNull(description, "description is null");
        requireNonNull(maxNodes, "maxNodes is null");
        requireNonNull(instantiation, "instantiation is null");
    }

    /** A slice that says what it does and where to read about it. */
    public static NewSlice described(String name, String description, String url) {
        return new NewSlice(name, Optional.of(url), Optional.of(description), Optional.empty(), Optional.empty());
    }
}
