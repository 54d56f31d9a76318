package org.planetlab.am.credential;

import static java.util.Objects.requireNonNull;

/**
 * One privilege a credential grants on its target, and whether its owner may pass it on. The
 * name {@code *} stands for every privilege.
 */
public record Privilege(String name, boolean canDelegate) {
    public static final String ALL = "*";

    public Privilege {
        requireNonNull(name, "name is null");
    }

    /** Whether this privilege covers {@code wanted}. */
    public boolean covers(String wanted) {
        return name.equals(ALL) || name.equals(wanted);
    }
}
