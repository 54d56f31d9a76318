package org.planetlab.plc.site;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A site to add. What is left empty takes the site defaults (quotas) or is left unset
 * (coordinates, URL); latitude and longitude come together or not at all.
 */
public record NewSite(String loginBase, String name, String abbreviatedName, Optional<String> url,
        Optional<Double> latitude, Optional<Double> longitude, OptionalLong maxSlices, OptionalLong maxSlivers,
        Optional<Boolean> isPublic, Optional<Boolean> enabled, Optional<List<String>> subnets) {
    public NewSite {
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

    /** A site with only its names given, everything else left to the defaults. */
    public static NewSite named(String loginBase, String name, String abbreviatedName) {
        return new NewSite(loginBase, name, abbreviatedName, Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public NewSite withUrl(String url) {
        return new NewSite(loginBase, name, abbreviatedName, Optional.of(url), latitude, longitude, maxSlices,
                maxSlivers, isPublic, enabled, subnets);
    }

    public NewSite at(double latitude, double longitude) {
        return new NewSite(loginBase, name, abbreviatedName, url, Optional.of(latitude), Optional.of(longitude),
                maxSlices, maxSlivers, isPublic, enabled, subnets);
    }
}
