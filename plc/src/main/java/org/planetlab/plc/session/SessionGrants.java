package org.planetlab.plc.session;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.planetlab.api.session.SessionApi;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.SessionStore;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.person.Persons;

/**
 * AddSession: an operator opens a session on a person's behalf (the original web site's "sudo");
 * the event log keeps which operator did, and the key is returned only to that operator.
 */
public final class SessionGrants {
    private final MutationPath mutations;
    private final SessionStore sessions;

    public SessionGrants(MutationPath mutations, SessionStore sessions) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddSession", call -> openFor(call.mutation(), call.arg(0)));
    }

    public String openFor(Caller caller, Object personIdOrEmail) {
        return mutations.run(caller, "AddSession", List.of(personIdOrEmail),
                mutation -> openFor(mutation, personIdOrEmail));
    }

    public String openFor(Mutation mutation, Object personIdOrEmail) {
        Persons.PersonRecord person = Persons.require(mutation.db(), personIdOrEmail);
        String key = sessions.open(mutation.db(), Optional.of(person.personId()), Optional.empty(),
                SessionApi.DEFAULT_SESSION_SECONDS);
        mutation.affected(ObjectType.PERSON, person.personId());
        mutation.message("session opened for %s by %s".formatted(person.email(), mutation.caller().describe()));
        return key;
    }
}
