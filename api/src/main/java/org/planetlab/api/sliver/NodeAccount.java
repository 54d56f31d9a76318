package org.planetlab.api.sliver;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A node's own login account and the keys that may log in to it.
 *
 * @param name {@link #SITE_ADMIN} (the site's PIs and techs) or {@link #ROOT} (the operators)
 */
public record NodeAccount(String name, List<SliverKey> keys) {
    public static final String SITE_ADMIN = "site_admin";
    public static final String ROOT = "root";

    public NodeAccount {
        requireNonNull(name, "name is null");
        keys = List.copyOf(keys);
    }
}
