package org.planetlab.plc.person;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;
import org.planetlab.api.method.Role;
import org.planetlab.plc.store.Page;

/**
 * Which live accounts to list, among those the caller may see: of a site, with a role, enabled or
 * not (any together); one {@link Page} at a time.
 */
public record PersonFilter(OptionalLong siteId, Optional<Role> role, Optional<Boolean> enabled, Page page) {
    public PersonFilter {
        requireNonNull(siteId, "siteId is null");
        requireNonNull(role, "role is null");
        requireNonNull(enabled, "enabled is null");
        requireNonNull(page, "page is null");
    }

    public static PersonFilter all(int limit) {
        return new PersonFilter(OptionalLong.empty(), Optional.empty(), Optional.empty(), Page.first(limit));
    }

    public PersonFilter atSite(long id) {
        return new PersonFilter(OptionalLong.of(id), role, enabled, page);
    }

    public PersonFilter withRole(Role value) {
        return new PersonFilter(siteId, Optional.of(value), enabled, page);
    }

    public PersonFilter enabled(boolean value) {
        return new PersonFilter(siteId, role, Optional.of(value), page);
    }

    /** The next page, after the person with this id. */
    public PersonFilter after(long personId) {
        return new PersonFilter(siteId, role, enabled, page.after(personId));
    }
}
