package org.planetlab.plc.node;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;
import org.planetlab.plc.store.Page;

/**
 * Which live nodes to list: those of a site, in a boot state, or running a slice (any together);
 * one {@link Page} at a time.
 */
public record NodeFilter(OptionalLong siteId, Optional<String> bootState, OptionalLong sliceId, Page page) {
    public NodeFilter {
        requireNonNull(siteId, "siteId is null");
        requireNonNull(bootState, "bootState is null");
        requireNonNull(sliceId, "sliceId is null");
        requireNonNull(page, "page is null");
    }

    public static NodeFilter all(int limit) {
        return new NodeFilter(OptionalLong.empty(), Optional.empty(), OptionalLong.empty(), Page.first(limit));
    }

    public NodeFilter atSite(long id) {
        return new NodeFilter(OptionalLong.of(id), bootState, sliceId, page);
    }

    public NodeFilter inBootState(String state) {
        return new NodeFilter(siteId, Optional.of(state), sliceId, page);
    }

    public NodeFilter runningSlice(long id) {
        return new NodeFilter(siteId, bootState, OptionalLong.of(id), page);
    }

    /** The next page, after the node with this id. */
    public NodeFilter after(long nodeId) {
        return new NodeFilter(siteId, bootState, sliceId, page.after(nodeId));
    }
}
