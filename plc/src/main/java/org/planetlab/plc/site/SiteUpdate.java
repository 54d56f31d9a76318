package org.planetlab.plc.site;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The fields of a site to change. An empty Optional leaves a field as it is; for the fields that
 * may be unset (URL, coordinates) the inner Optional is the new value, empty to unset it.
 */
public record SiteUpdate(Optional<String> loginBase, Optional<String> name, Optional<String> abbreviatedName,
        Optional<Optional<String>> url, Optional<Optional<Double>> latitude, Optional<Optional<Double>> longitude,
        Optional<Long> maxSlices, Optional<Long> maxSlivers, Optional<Boolean> isPublic, Optional<Boolean> enabled,
        Optional<List<String>> subnets) {
    public SiteUpdate {
        requireNonNull(loginBase, "loginBase is null");
        requireNonNull(name, "name is null");
        requireNonNull(abbreviatedName, "abbreviatedName is null");
        requireNonNull(url, "url is null");
        requireNonNull(latitude, "latitude is null");
        requireNonNull(longitude, "longitude is null");
        requireNonNull(maxSlices, "maxSlices is null");
        requireNonNull(maxSlivers, "maxSlivers is null");
        requireNonNull(isPublic, "isPublic is null");
        requireNonNull(enabled, "enabled is null");
        subnets = requireNonNull(subnets, "subnets is null").map(List::copyOf);
    }

    /** An update that changes nothing, to start from. */
    public static SiteUpdate none() {
        return new SiteUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public SiteUpdate withMaxSlices(long max) {
        return new SiteUpdate(loginBase, name, abbreviatedName, url, latitude, longitude, Optional.of(max),
                maxSlivers, isPublic, enabled, subnets);
    }

    public SiteUpdate withLoginBase(String newLoginBase) {
        return new SiteUpdate(Optional.of(newLoginBase), name, abbreviatedName, url, latitude, longitude, maxSlices,
                maxSlivers, isPublic, enabled, subnets);
    }

    public SiteUpdate withName(String newName) {
        return new SiteUpdate(loginBase, Optional.of(newName), abbreviatedName, url, latitude, longitude, maxSlices,
                maxSlivers, isPublic, enabled, subnets);
    }
}
