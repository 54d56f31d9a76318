package org.planetlab.plc.session;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalLong;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.session.SessionApi;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.SessionStore;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;

/**
 * Opening and ending sessions for persons and nodes. Both are changes of the registry and take
 * the {@link MutationPath}; the key itself never reaches the event log (neither its arguments nor
 * its message) and is stored only as its digest ({@link SessionStore}).
 */
public final class SessionService {
    private final MutationPath mutations;
    private final SessionStore sessions;

    public SessionService(MutationPath mutations, SessionStore sessions) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    /** Opens a session for {@code caller} as a change of its own; see {@link #open(Mutation, OptionalLong)}. */
    public OpenedSession open(Caller caller, OptionalLong lifetimeSeconds) {
        List<Object> args = lifetimeSeconds.isPresent() ? List.of(lifetimeSeconds.getAsLong()) : List.of();
        return mutations.run(caller, "GetSession", args, mutation -> open(mutation, lifetimeSeconds));
    }

    /**
     * Opens a session for the calling person or node, valid {@code lifetimeSeconds} (a day if not
     * given, 60 s to 30 days). A caller already using a session gets that session back, as in
     * PLCAPI, so a client may call this on every start without piling up sessions.
     */
    public OpenedSession open(Mutation mutation, OptionalLong lifetimeSeconds) {
        Caller caller = mutation.caller();
        if (caller.personId().isEmpty() && caller.nodeId().isEmpty()) {
            throw PlanetLabException.permissionDenied("GetSession: %s has no account to open a session for; sessions"
                    .formatted(caller.describe()) + " belong to persons and nodes");
        }
        long lifetime = lifetimeSeconds.orElse(SessionApi.DEFAULT_SESSION_SECONDS);
        if (lifetime < 60 || lifetime > SessionApi.MAX_SESSION_SECONDS) {
            throw PlanetLabException.invalidArgument("expires: a session lives from 60 to %d seconds, not %d"
                    .formatted(SessionApi.MAX_SESSION_SECONDS, lifetime));
        }
        if (caller.sessionKey().isPresent()) {
            String current = caller.sessionKey().get();
            long expires = sessions.find(mutation.db(), current).map(SessionStore.Session::expires)
                    .orElseThrow(() -> new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED,
                            "the session is unknown or has expired; open a new one with GetSession"));
            return new OpenedSession(current, expires);
        }
        String key = sessions.open(mutation.db(), caller.personId(), caller.nodeId(), lifetime);
        caller.personId().ifPresent(id -> mutation.affected(ObjectType.PERSON, id));
        mutation.message("session opened for %s, valid %d s".formatted(caller.describe(), lifetime));
        return new OpenedSession(key, mutation.now() + lifetime);
    }

    /** Ends the session {@code caller} is using, as a change of its own. */
    public void close(Caller caller) {
        mutations.run(caller, "DeleteSession", List.of(), mutation -> {
            close(mutation);
            return null;
        });
    }

    /** Ends the session the caller is using (log out); a caller without one is told how to call. */
    public void close(Mutation mutation) {
        String key = mutation.caller().sessionKey().orElseThrow(() -> PlanetLabException.invalidArgument(
                "DeleteSession ends the session the call is made with; call it with auth {AuthMethod: session}"));
        sessions.close(mutation.db(), SessionStore.hash(key));
        mutation.message("session closed for " + mutation.caller().describe());
    }
}
