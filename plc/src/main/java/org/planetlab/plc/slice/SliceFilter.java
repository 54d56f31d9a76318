package org.planetlab.plc.slice;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;
import org.planetlab.plc.store.Page;

/**
 * Which live slices to list: those of a site, with a user, or on a node (any together); one
 * {@link Page} at a time.
 */
public record SliceFilter(OptionalLong siteId, OptionalLong personId, OptionalLong nodeId, Page page) {
    public SliceFilter {
        requireNonNull(siteId, "siteId is null");
        requireNonNull(personId, "personId is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(page, "page is null");
    }

    public static SliceFilter all(int limit) {
        return new SliceFilter(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), Page.first(limit));
    }

    public SliceFilter atSite(long id) {
        return new SliceFilter(OptionalLong.of(id), personId, nodeId, page);
    }

    public SliceFilter withUser(long id) {
        return new SliceFilter(siteId, OptionalLong.of(id), nodeId, page);
    }

    public SliceFilter onNode(long id) {
        return new SliceFilter(siteId, personId, OptionalLong.of(id), page);
    }

    /** The next page, after the slice with this id. */
    public SliceFilter after(long sliceId) {
        return new SliceFilter(siteId, personId, nodeId, page.after(sliceId));
    }
}
