package org.planetlab.plc.auth;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.planetlab.api.method.Role;

/**
 * Who is making a call, as established by authentication.
 *
 * @param personId the calling person, if a person
 * @param nodeId the calling node, if a node
 * @param roles the caller's roles ({@code node} for nodes, {@code anonymous} for anyone)
 * @param siteIds the sites of the person, primary first, or the site of the node
 * @param authMethod how the caller authenticated (password, session, hmac, anonymous)
 * @param sessionKey the session key used, if any; never printed
 */
public record Caller(
        Optional<Long> personId,
        Optional<Long> nodeId,
        Set<Role> roles,
        List<Long> siteIds,
        String authMethod,
        Optional<String> sessionKey) {

    public static final Caller ANONYMOUS = new Caller(Optional.empty(), Optional.empty(), Set.of(Role.ANONYMOUS),
            List.of(), "anonymous", Optional.empty());

    /**
     * PLC itself, acting with operator rights for work no person asked for: bootstrapping the
     * first account, seeding a demo, housekeeping.
     */
    public static final Caller INTERNAL = new Caller(Optional.empty(), Optional.empty(), Set.of(Role.ADMIN),
            List.of(), "internal", Optional.empty());

    public Caller {
        requireNonNull(personId, "personId is null");
        requireNonNull(nodeId, "nodeId is null");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        siteIds = List.copyOf(siteIds);
        requireNonNull(authMethod, "authMethod is null");
        requireNonNull(sessionKey, "sessionKey is null");
    }

    public static Caller person(long personId, Set<Role> roles, List<Long> siteIds, String authMethod,
            Optional<String> sessionKey) {
        return new Caller(Optional.of(personId), Optional.empty(), roles, siteIds, authMethod, sessionKey);
    }

    public static Caller node(long nodeId, long siteId, String authMethod, Optional<String> sessionKey) {
        return new Caller(Optional.empty(), Optional.of(nodeId), Set.of(Role.NODE), List.of(siteId), authMethod,
                sessionKey);
    }

    public boolean isOperator() {
        return roles.contains(Role.ADMIN);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isNode() {
        return nodeId.isPresent();
    }

    public boolean isPerson() {
        return personId.isPresent();
    }

    /** The most privileged role, by PLCAPI's numbering (lower is more). */
    public int bestRoleId() {
        return roles.stream().filter(role -> role.roleId() != 0).mapToInt(Role::roleId).min().orElse(Integer.MAX_VALUE);
    }

    public boolean isAtSite(long siteId) {
        return siteIds.contains(siteId);
    }

    @Override
    public String toString() {
        return "Caller[" + describe() + ", roles=" + roles + ", sites=" + siteIds + ", auth=" + authMethod + "]";
    }

    /** For messages and the event log: "person 12", "node 4", "a peer PLC" or "anonymous". */
    public String describe() {
        if (authMethod.equals("internal") && personId.isEmpty()) {
            return "PLC";
        }
        if (roles.contains(Role.PEER)) {
            return "a peer PLC";
        }
        return personId.map(id -> "person " + id).orElseGet(() -> nodeId.map(id -> "node " + id).orElse("anonymous"));
    }
}
