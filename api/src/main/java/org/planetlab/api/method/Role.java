package org.planetlab.api.method;

import java.util.Locale;
import java.util.Optional;

/**
 * Who a caller is, for authorization. The first four are the roles a person can hold, with
 * PLCAPI's names and numeric ids; {@link #NODE} is a node authenticated by its node key and
 * {@link #ANONYMOUS} anyone at all.
 */
public enum Role {
    /** A PlanetLab operator (PLC support): may do everything. PLCAPI calls this role "admin". */
    ADMIN("admin", 10, "operator: PLC support staff, may do everything"),
    /** A site's principal investigator: approves the site's users, creates its slices. */
    PI("pi", 20, "principal investigator of a site: approves its users, manages its slices"),
    /** A researcher: uses the slices they are bound to. */
    USER("user", 30, "researcher: uses the slices they belong to"),
    /** A site's technical contact: manages the site's nodes. */
    TECH("tech", 40, "technical contact of a site: manages its nodes"),
    /** A node, authenticated by its node key. PLCAPI numbers it 50 but no person holds it. */
    NODE("node", 50, "a node, authenticated with its node key"),
    /** A peering PLC, authenticated by a request signed with the key registered for it (AddPeer). */
    PEER("peer", 0, "a peering PLC, authenticated by a request signed with its registered key"),
    /** Anyone, unauthenticated. */
    ANONYMOUS("anonymous", 0, "anyone, without credentials");

    private final String wireName;
    private final int roleId;
    private final String description;

    Role(String wireName, int roleId, String description) {
        this.wireName = wireName;
        this.roleId = roleId;
        this.description = description;
    }

    /** The name on the wire and in PLCAPI ("admin", "pi", "user", "tech", "node", "anonymous"). */
    public String wireName() {
        return wireName;
    }

    /** PLCAPI's role_id (10 admin, 20 pi, 30 user, 40 tech, 50 node); 0 for anonymous. */
    public int roleId() {
        return roleId;
    }

    public String description() {
        return description;
    }

    /** Whether a person can be given this role (with AddRoleToPerson). */
    public boolean isPersonRole() {
        return this == ADMIN || this == PI || this == USER || this == TECH;
    }

    /** Looks a role up by wire name (also "operator" for admin) or by PLCAPI role id. */
    public static Optional<Role> lookup(Object nameOrId) {
        for (Role role : values()) {
            if (nameOrId instanceof String name) {
                String normalized = name.strip().toLowerCase(Locale.ROOT);
                if (role.wireName.equals(normalized) || (role == ADMIN && normalized.equals("operator"))) {
                    return Optional.of(role);
                }
            } else if (nameOrId instanceof Number id && role.roleId != 0 && role.roleId == id.longValue()) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
