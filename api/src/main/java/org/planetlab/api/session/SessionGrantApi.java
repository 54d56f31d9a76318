package org.planetlab.api.session;

import static org.planetlab.api.method.Role.ADMIN;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.person.PersonApi;
import org.planetlab.api.schema.StringType;

/** Operators opening a session on a person's behalf (the original web site's "sudo"). */
public final class SessionGrantApi {
    private SessionGrantApi() {}

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddSession").roles(ADMIN).mutates()
                    .param("person_id_or_email", PersonApi.PERSON_REF, "the person")
                    .returns(StringType.max(64), "the session key, for auth {AuthMethod: session, session: key}")
                    .help("Opens a session of one day for a person and returns its key: whoever holds it acts as"
                            + " that person. The event log records which operator opened it.")
                    .build());
}
