package org.planetlab.api.session;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;

/** Sessions: short-lived keys that stand in for a password or node key on later calls. */
public final class SessionApi {
    private SessionApi() {}

    /** A person's session lives a day unless asked otherwise; at most 30 days. */
    public static final long DEFAULT_SESSION_SECONDS = 24 * 3600;
    public static final long MAX_SESSION_SECONDS = 30L * 24 * 3600;

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("GetSession").roles(ADMIN, PI, USER, TECH, NODE).mutates()
                    .optionalParam("expires", new NullableType(new IntType(60, MAX_SESSION_SECONDS)),
                            "lifetime in seconds (default one day)")
                    .returns(StringType.max(64), "the session key, for auth {AuthMethod: session, session: key}")
                    .help("Opens a session for the caller and returns its key. Called with a session, returns the"
                            + " same key.")
                    .build(),
            MethodSpec.builder("DeleteSession").roles(ADMIN, PI, USER, TECH, NODE).mutates()
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Ends the session the call was made with (log out).")
                    .build(),
            MethodSpec.builder("AuthCheck").roles(ADMIN, PI, USER, TECH, NODE)
                    .returns(Arguments.ONE, "1 if the credentials are good")
                    .help("Checks credentials: returns 1, or fails with an authentication fault.")
                    .build());
}
