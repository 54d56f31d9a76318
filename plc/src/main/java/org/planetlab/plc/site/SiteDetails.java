package org.planetlab.plc.site;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A live site as its readers (a portal, an aggregate manager) see it; times in seconds since the epoch. */
public record SiteDetails(long siteId, String loginBase, String name, String abbreviatedName, Optional<String> url,
        boolean enabled, boolean isPublic, long maxSlices, long maxSlivers, long dateCreated) {
    public SiteDetails {
        requireNonNull(loginBase, "loginBase is null");
        requireNonNull(name, "name is null");
        requireNonNull(abbreviatedName, "abbreviatedName is null");
        requireNonNull(url, "url is null");
    }
}
