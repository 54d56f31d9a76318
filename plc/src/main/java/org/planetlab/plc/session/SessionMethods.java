package org.planetlab.plc.session;

import static java.util.Objects.requireNonNull;

import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.session.SessionApi;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.SessionStore;

/** GetSession, DeleteSession and AuthCheck. */
public final class SessionMethods {
    private final SessionStore sessions;

    public SessionMethods(SessionStore sessions) {
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("GetSession", this::getSession)
                .bind("DeleteSession", this::deleteSession)
                .bind("AuthCheck", call -> 1L);
    }

    private Object getSession(Call call) {
        Caller caller = call.caller();
        if (caller.sessionKey().isPresent()) {
            return caller.sessionKey().get();
        }
        long lifetime = (Long) call.optionalArg(0).orElse(SessionApi.DEFAULT_SESSION_SECONDS);
        String key = sessions.open(call.db(), caller.personId(), caller.nodeId(), lifetime);
        caller.personId().ifPresent(id -> call.affected(ObjectType.PERSON, id));
        call.message("session opened for %s, valid %d s".formatted(caller.describe(), lifetime));
        return key;
    }

    private Object deleteSession(Call call) {
        String key = call.caller().sessionKey().orElseThrow(() -> PlanetLabException.invalidArgument(
                "DeleteSession ends the session the call is made with; call it with auth {AuthMethod: session}"));
        sessions.close(call.db(), SessionStore.hash(key));
        call.message("session closed for " + call.caller().describe());
        return 1L;
    }
}
