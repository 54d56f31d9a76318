package org.planetlab.api.session;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.schema.Field.readOnly;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * GetSessions: the open sessions, for operators. Session keys are stored only as their SHA-256,
 * so no call can return a key: a session's session_id here is that digest, which names the
 * session but cannot authenticate anyone.
 */
public final class SessionListApi {
    private SessionListApi() {}

    public static final StructType SESSION = StructType.of("Session",
            readOnly("session_id", StringType.max(64),
                    "the SHA-256 of the session key, in hex: names the session, cannot be used to authenticate"),
            readOnly("person_id", new NullableType(IntType.ID), "the person the session is for, if a person"),
            readOnly("node_id", new NullableType(IntType.ID), "the node the session is for, if a node"),
            readOnly("expires", IntType.TIMESTAMP, "when the session ends"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("GetSessions").roles(ADMIN)
                    .optionalParam("session_filter", new FilterType(SESSION, "session_id", "session_id"),
                            "session_ids (digests) or a struct of conditions; nil for all")
                    .returns(ArrayType.of(SESSION), "the open sessions that match")
                    .help("Returns the sessions that have not expired. Keys are kept only as digests, so the"
                            + " session_id returned is the key's SHA-256, never the key: it identifies a session"
                            + " (e.g. in the event log) but is no credential.")
                    .build());
}
