package org.planetlab.plc.tag;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What to change of a tag type; an empty Optional leaves a field as it is. */
public record TagTypeUpdate(Optional<String> tagname, Optional<String> description, Optional<String> category,
        Optional<Long> minRoleId) {
    public TagTypeUpdate {
        requireNonNull(tagname, "tagname is null");
        requireNonNull(description, "description is null");
        requireNonNull(category, "category is null");
        requireNonNull(minRoleId, "minRoleId is null");
    }

    /** Renames the tag type. */
    public static TagTypeUpdate renaming(String tagname) {
        return new TagTypeUpdate(Optional.of(tagname), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
