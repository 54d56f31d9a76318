package org.planetlab.plc.site;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.planetlab.plc.store.Page;

/** Which live sites to list: all, or only the enabled (or disabled) ones; one {@link Page} at a time. */
public record SiteFilter(Optional<Boolean> enabled, Page page) {
    public SiteFilter {
        requireNonNull(enabled, "enabled is null");
        requireNonNull(page, "page is null");
    }

    public static SiteFilter all(int limit) {
        return new SiteFilter(Optional.empty(), Page.first(limit));
    }

    public SiteFilter enabled(boolean value) {
        return new SiteFilter(Optional.of(value), page);
    }

    /** The next page, after the site with this id. */
    public SiteFilter after(long siteId) {
        return new SiteFilter(enabled, page.after(siteId));
    }
}
