package org.planetlab.api.sliver;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sliver a node must run, as its slice authority describes it.
 *
 * @param name the slice's PLCAPI name, {@code <login_base>_<name>}
 * @param hrn the slice's hierarchical name, {@code <authority>.<login_base>.<name>}
 * @param sliceId the authority's id of the slice: a new id under the same name is a new slice
 * @param instantiation how the slice is instantiated, e.g. {@code plc-instantiated}
 * @param state {@link #STARTED} or {@code stopped}
 * @param expires when the slice ends, in seconds since the epoch
 * @param keys the enabled members' login keys
 * @param attributes the resolved attributes, by name, each name's values in the order they were added
 * @param rspec every RSpec attribute's value (resolved, or its default), in RSpec order
 */
public record Sliver(String name, String hrn, long sliceId, String instantiation, String state, long expires,
        List<SliverKey> keys, List<SliverAttribute> attributes, Map<String, String> rspec) {
    public static final String STARTED = "started";

    public Sliver {
        requireNonNull(name, "name is null");
        requireNonNull(hrn, "hrn is null");
        requireNonNull(instantiation, "instantiation is null");
        requireNonNull(state, "state is null");
        keys = List.copyOf(keys);
        attributes = List.copyOf(attributes);
        // Ordered: the wire form, and so the view's version, must not vary between runs.
        rspec = Collections.unmodifiableMap(new LinkedHashMap<>(rspec));
    }

    public boolean started() {
        return STARTED.equals(state);
    }
}
