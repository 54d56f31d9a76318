package org.planetlab.portal.slice;

import static java.util.Objects.requireNonNull;

import org.planetlab.plc.slice.SliceDetails;

/** A slice in a list: its names, state, and when it expires (as a time and in words). */
public record SliceRow(long sliceId, String name, String state, String expires, String expiresIn,
        String description) {
    public SliceRow {
        requireNonNull(name, "name is null");
        requireNonNull(state, "state is null");
        requireNonNull(expires, "expires is null");
        requireNonNull(expiresIn, "expiresIn is null");
        requireNonNull(description, "description is null");
    }

    public static SliceRow of(SliceDetails slice, long now) {
        return new SliceRow(slice.sliceId(), slice.name(), slice.state(), Times.utc(slice.expires()),
                Times.relative(slice.expires(), now), slice.description().orElse(""));
    }
}
