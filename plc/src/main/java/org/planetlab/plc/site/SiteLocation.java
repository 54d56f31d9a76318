package org.planetlab.plc.site;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/** Where a live site is, in degrees, if it said so (a map places the site; GetSites is everyone's). */
public record SiteLocation(long siteId, String loginBase, String name, OptionalDouble latitude,
        OptionalDouble longitude) {
    public SiteLocation {
        requireNonNull(loginBase, "loginBase is null");
        requireNonNull(name, "name is null");
        requireNonNull(latitude, "latitude is null");
        requireNonNull(longitude, "longitude is null");
    }

    public boolean isPlaced() {
        return latitude.isPresent() && longitude.isPresent();
    }
}
