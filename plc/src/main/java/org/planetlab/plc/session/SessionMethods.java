package org.planetlab.plc.session;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;
import org.planetlab.plc.api.MethodRegistry;

/** GetSession, DeleteSession and AuthCheck: wire values in, a {@link SessionService} call, wire values out. */
public final class SessionMethods {
    private final SessionService sessions;

    public SessionMethods(SessionService sessions) {
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("GetSession", call -> sessions.open(call.mutation(), call.arg(0) instanceof Long lifetime
                        ? OptionalLong.of(lifetime) : OptionalLong.empty()).key())
                .bind("DeleteSession", call -> {
                    sessions.close(call.mutation());
                    return 1L;
                })
                .bind("AuthCheck", call -> 1L);
    }
}
