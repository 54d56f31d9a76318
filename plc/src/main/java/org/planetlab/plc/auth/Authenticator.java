package org.planetlab.plc.auth;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.Role;
import org.planetlab.api.wire.WireValues;

/**
 * Turns the {@code auth} argument of a call into a {@link Caller}, in PLCAPI's conventions:
 * {@code {AuthMethod: "password", Username: email, AuthString: password}},
 * {@code {AuthMethod: "session", session: key}}, {@code {AuthMethod: "anonymous"}} and, for
 * nodes, {@code {AuthMethod: "hmac", node_id: id}} with the request signed by the node key.
 * Accounts that are not enabled (registered but not approved, or disabled) cannot act.
 */
public final class Authenticator {
    private static final String SUPPORTED = "password (or capability), session, hmac (or hmac_dummybox), peer or anonymous";
    /** The values of AuthMethod this server accepts, in lower case. */
    public static final Set<String> METHODS = Set.of("password", "capability", "session", "hmac", "hmac_dummybox",
            "peer", "anonymous");
    /** Distinct e-mail and password pairs checked per request, however many calls it holds. */
    public static final int PASSWORDS_PER_REQUEST = 4;

    private final PasswordHasher passwords;
    private final SessionStore sessions;
    private final NodeRequestAuthenticator nodes;
    private final String dummyHash;
    private final String sliceCreationService;
    private final LoginThrottle throttle;
    private final PeerRequestAuthenticator peers;

    /**
     * @param sliceCreationService the slice of the node's slice creation service (e.g.
     *     {@code plc.scs}): its certificate-based sessions act as their node
     */
    public Authenticator(PasswordHasher passwords, SessionStore sessions, NodeRequestAuthenticator nodes,
            String sliceCreationService, LoginThrottle throttle) {
        this(passwords, sessions, nodes, sliceCreationService, throttle, PeerRequestAuthenticator.NONE);
    }

    /** @param peers how the signed requests of peering PLCs are checked (AuthMethod {@code peer}) */
    public Authenticator(PasswordHasher passwords, SessionStore sessions, NodeRequestAuthenticator nodes,
            String sliceCreationService, LoginThrottle throttle, PeerRequestAuthenticator peers) {
        this.peers = requireNonNull(peers, "peers is null");
        this.throttle = requireNonNull(throttle, "throttle is null");
        this.sliceCreationService = requireNonNull(sliceCreationService, "sliceCreationService is null");
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        // Checked against when the account does not exist, so both cases cost the same time.
        this.dummyHash = passwords.hash("not a real password");
    }

    /**
     * @param handle the call's read transaction, opened only if the caller must be looked up
     * @param args the call's arguments after auth, as received (the hmac struct's digest covers them)
     */
    public Caller authenticate(java.util.function.Supplier<Handle> handle, Object auth, List<Object> args,
            RequestContext request) {
        if (!(auth instanceof Map<?, ?> struct)) {
            throw PlanetLabException.invalidArgument(
                    "auth: expected a struct with AuthMethod, got " + WireValues.kindOf(auth));
        }
        String method = text(struct, "AuthMethod");
        return switch (method.toLowerCase(Locale.ROOT)) {
            // PLCAPI took "capability" as another name for password authentication.
            case "password", "capability" -> byPassword(handle, text(struct, "Username"), text(struct, "AuthString"),
                    request);
            case "session" -> bySession(handle.get(), text(struct, "session"));
            case "anonymous" -> Caller.ANONYMOUS;
            case "peer" -> byPeerSignature(handle, struct, request);
            case "hmac", "hmac_dummybox" -> struct.containsKey("value") ? byArgumentDigest(handle, struct, args, request)
                    : byNodeSignature(handle, struct, request);
            default -> throw PlanetLabException.invalidArgument(
                    "auth.AuthMethod: \"" + abbreviate(method) + "\" is not supported; use " + SUPPORTED);
        };
    }

    /**
     * Checks a password at most once per request and credentials, within the request's budget
     * of distinct checks and the throttle's limits, each refused before any hash is computed.
     */
    private Caller byPassword(java.util.function.Supplier<Handle> handle, String email, String password,
            RequestContext request) {
        String account = email.toLowerCase(Locale.ROOT);
        PasswordChecks checks = request.passwordChecks();
        Optional<PasswordChecks.Outcome> earlier = checks.earlier(account, password);
        if (earlier.isPresent()) {
            return switch (earlier.get()) {
                case PasswordChecks.Outcome.Accepted accepted -> samePerson(handle.get(), accepted.personId());
                case PasswordChecks.Outcome.Refused refused ->
                        throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, refused.message());
            };
        }
        throttle.check(account, request.remoteAddress());
        if (checks.count() >= PASSWORDS_PER_REQUEST) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, ("at most %d different e-mail and password"
                    + " pairs are checked per request; send the others in another request").formatted(PASSWORDS_PER_REQUEST));
        }
        Optional<PersonCredentials> person;
        try {
            person = checkPassword(handle.get(), account, password, request.remoteAddress());
        } catch (PlanetLabException e) {
            checks.record(account, password, new PasswordChecks.Outcome.Refused(e.getMessage()));
            throw e;
        }
        checks.record(account, password, new PasswordChecks.Outcome.Accepted(person.get().personId()));
        return enabledPerson(handle.get(), person.get().personId(), person.get().enabled(), "password", Optional.empty());
    }

    /** The person whose password an earlier call of the same request checked, as they are now. */
    private Caller samePerson(Handle handle, long personId) {
        Optional<Boolean> enabled = handle.createQuery("SELECT enabled FROM persons WHERE person_id = :id AND deleted = FALSE")
                .bind("id", personId)
                .mapTo(Boolean.class)
                .findOne();
        if (enabled.isEmpty()) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "no account with that e-mail and password");
        }
        return enabledPerson(handle, personId, enabled.get(), "password", Optional.empty());
    }

    /** The person whose password this is; refused (and counted by the throttle) otherwise. */
    private Optional<PersonCredentials> checkPassword(Handle handle, String account, String password,
            java.net.InetAddress source) {
        Optional<PersonCredentials> person = handle.createQuery(
                        "SELECT person_id, password_hash, enabled FROM persons WHERE email_key = :email AND deleted = FALSE")
                .bind("email", account)
                .map((row, context) -> new PersonCredentials(row.getLong(1), row.getString(2), row.getBoolean(3)))
                .findOne();
        boolean matches = passwords.verify(password, person.map(PersonCredentials::passwordHash).orElse(dummyHash));
        if (person.isEmpty() || !matches) {
            throttle.failed(account, source);
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "no account with that e-mail and password");
        }
        throttle.succeeded(account);
        return person;
    }

    private Caller bySession(Handle handle, String key) {
        SessionStore.Session session = sessions.find(handle, key).orElseThrow(() -> new PlanetLabException(
                ErrorCode.AUTHENTICATION_FAILED, "the session is unknown or has expired; open a new one with GetSession"));
        if (session.personId().isPresent()) {
            Optional<Boolean> enabled = handle.createQuery(
                            "SELECT enabled FROM persons WHERE person_id = :id AND deleted = FALSE")
                    .bind("id", session.personId().get())
                    .mapTo(Boolean.class)
                    .findOne();
            if (enabled.isEmpty()) {
                throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "the session's account was deleted");
            }
            return enabledPerson(handle, session.personId().get(), enabled.get(), "session", Optional.of(key));
        }
        long nodeId = session.nodeId().orElseThrow();
        Caller node = liveNode(handle, nodeId, "session", Optional.of(key));
        if (session.serviceSlice().isEmpty() || session.serviceSlice().get().equals(sliceCreationService)) {
            return node;
        }
        // Another service on the node: known, but with no rights beyond anyone's.
        return new Caller(java.util.Optional.empty(), node.nodeId(), Set.of(Role.ANONYMOUS), node.siteIds(), "session",
                Optional.of(key));
    }

    private Caller byNodeSignature(java.util.function.Supplier<Handle> handle, Map<?, ?> struct,
            RequestContext request) {
        NodeRequestAuthenticator.SignedBy signer = nodes.authenticate(handle, request);
        Object claimed = struct.get("node_id");
        if (claimed != null && !(claimed instanceof Long id && id == signer.nodeId())) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED,
                    "auth.node_id does not match the node that signed the request");
        }
        return Caller.node(signer.nodeId(), signer.siteId(), "hmac", Optional.empty());
    }

    /** A peering PLC, by its signature over the whole request; {@code name}, if given, must be the signer's. */
    private Caller byPeerSignature(java.util.function.Supplier<Handle> handle, Map<?, ?> struct, RequestContext request) {
        PeerRequestAuthenticator.SignedBy signer = peers.authenticate(handle, request);
        Object claimed = struct.get("name");
        if (claimed != null && !signer.peerName().equals(claimed)) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED,
                    "auth.name does not match the peer that signed the request");
        }
        return new Caller(Optional.empty(), Optional.empty(), Set.of(Role.PEER), List.of(), "peer", Optional.empty());
    }

    /** PLCAPI's hmac struct: {@code node_id} and {@code value}, the digest of the arguments. */
    private Caller byArgumentDigest(java.util.function.Supplier<Handle> handle, Map<?, ?> struct, List<Object> args,
            RequestContext request) {
        if (!(struct.get("node_id") instanceof Long nodeId)) {
            throw PlanetLabException.invalidArgument("auth.node_id: expected an integer, got "
                    + (struct.get("node_id") == null ? "nothing" : WireValues.kindOf(struct.get("node_id"))));
        }
        NodeRequestAuthenticator.SignedBy signer = nodes.authenticateArguments(handle, nodeId, text(struct, "value"),
                args, request);
        return Caller.node(signer.nodeId(), signer.siteId(), "hmac", Optional.empty());
    }

    private Caller liveNode(Handle handle, long nodeId, String method, Optional<String> sessionKey) {
        Optional<Long> siteId = handle.createQuery("SELECT site_id FROM nodes WHERE node_id = :id AND deleted = FALSE")
                .bind("id", nodeId)
                .mapTo(Long.class)
                .findOne();
        if (siteId.isEmpty()) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "node " + nodeId + " is not registered");
        }
        return Caller.node(nodeId, siteId.get(), method, sessionKey);
    }

    private Caller enabledPerson(Handle handle, long personId, boolean enabled, String method,
            Optional<String> sessionKey) {
        if (!enabled) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED,
                    "the account is not enabled: a PI of its site must approve it (or re-enable it) first");
        }
        List<Long> roleIds = handle.createQuery("SELECT role_id FROM person_roles WHERE person_id = :id")
                .bind("id", personId)
                .mapTo(Long.class)
                .list();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (long roleId : roleIds) {
            Role.lookup(roleId).filter(Role::isPersonRole).ifPresent(roles::add);
        }
        List<Long> siteIds = handle.createQuery("SELECT ps.site_id FROM person_sites ps JOIN sites s"
                        + " ON s.site_id = ps.site_id AND s.deleted = FALSE"
                        + " WHERE ps.person_id = :id ORDER BY ps.is_primary DESC, ps.site_id")
                .bind("id", personId)
                .mapTo(Long.class)
                .list();
        return Caller.person(personId, roles, siteIds, method, sessionKey);
    }

    private static String text(Map<?, ?> struct, String field) {
        Object value = struct.get(field);
        if (!(value instanceof String text)) {
            throw PlanetLabException.invalidArgument("auth." + field + ": expected a string, got "
                    + (value == null ? "nothing" : WireValues.kindOf(value)));
        }
        return text;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private record PersonCredentials(long personId, String passwordHash, boolean enabled) {}
}
