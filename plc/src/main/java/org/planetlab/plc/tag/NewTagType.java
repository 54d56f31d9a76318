package org.planetlab.plc.tag;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A tag type to add. Left empty, the description is blank, the category "general" and
 * min_role_id 10 (only operators set values of it).
 */
public record NewTagType(String tagname, Optional<String> description, Optional<String> category,
        OptionalLong minRoleId) {
    public NewTagType {
        requireNonNull(tagname, "tagname is null");
        requireNonNull(description, "description is null");
        requireNonNull(category, "category is null");
        requireNonNull(minRoleId, "minRoleId is null");
    }

    /** A tag type with only its name given. */
    public static NewTagType named(String tagname) {
        return new NewTagType(tagname, Optional.empty(), Optional.empty(), OptionalLong.empty());
    }
}
