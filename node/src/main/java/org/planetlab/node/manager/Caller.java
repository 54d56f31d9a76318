package org.planetlab.node.manager;

import static java.util.Objects.requireNonNull;

import org.planetlab.node.state.SliceNames;

/**
 * Who called the node manager, as the kernel told us (the peer's uid on the Unix socket), never
 * as the caller claimed.
 *
 * @param hostRoot true for root on the node itself (the agent's operator, the boot manager)
 * @param slice the calling sliver's slice; empty for host root
 */
public record Caller(boolean hostRoot, String slice) {
    public static final Caller HOST_ROOT = new Caller(true, "");

    public Caller {
        requireNonNull(slice, "slice is null");
        if (hostRoot != slice.isEmpty()) {
            throw new IllegalArgumentException("a caller is either host root or one slice");
        }
    }

    public static Caller slice(String name) {
        return new Caller(false, SliceNames.check(name));
    }

    /** Host root and the owner VM hold the site's privileges (Architecture §4.2, §4.3). */
    public boolean privileged() {
        return hostRoot || slice.equals(SliceNames.OWNER_VM);
    }

    @Override
    public String toString() {
        return hostRoot ? "root" : "slice " + slice;
    }
}
