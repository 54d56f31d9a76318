package org.planetlab.portal.security;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.RequestContext;
import org.planetlab.plc.session.OpenedSession;
import org.planetlab.portal.PortalSettings;

/**
 * Signing in and out with PLC's own sessions: a login checks the password as the API does and
 * opens a new API session (so a session id known before login is worth nothing after it); each
 * request is authenticated with its session key as an API call with {@code AuthMethod: session}
 * is; logout ends the session in PLC, so the key stops working for the API too. Failed logins
 * are limited by PLC's own throttle, per account and per browser address, as for the API.
 */
public final class SignIn {
    private final Plc plc;
    private final PortalSettings settings;

    public SignIn(Plc plc, PortalSettings settings) {
        this.plc = requireNonNull(plc, "plc is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** The caller whose live session this is; empty when it expired, was ended, or never was. */
    public Optional<Caller> caller(String sessionKey) {
        try {
            return Optional.of(authenticate(Map.of("AuthMethod", "session", "session", sessionKey),
                    RequestContext.local()));
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.AUTHENTICATION_FAILED || e.code() == ErrorCode.INVALID_ARGUMENT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Checks the password and opens a new session for the account.
     *
     * @throws PlanetLabException {@code AUTHENTICATION_FAILED} with a message for the login form
     */
    public OpenedSession login(String email, String password, String remoteAddress) {
        Caller caller = withPassword(email, password, remoteAddress, "/login");
        ApiRules.require(caller, "GetSession");
        return plc.sessionService().open(caller, OptionalLong.of(settings.sessionSeconds()));
    }

    /**
     * Checks that {@code password} is the signed-in person's, as a login would (counted by the
     * same throttle, so the form cannot be used to guess), and opens no session.
     *
     * @param email the person's address, as signed in
     * @throws PlanetLabException {@code AUTHENTICATION_FAILED} if it is not, or if the throttle refuses
     */
    public void confirmPassword(Caller caller, String email, String password, String remoteAddress, String path) {
        Caller checked = withPassword(email, password, remoteAddress, path);
        if (checked.personId().isEmpty() || !checked.personId().equals(caller.personId())) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, "the password is not the signed-in person's");
        }
    }

    private Caller withPassword(String email, String password, String remoteAddress, String path) {
        return authenticate(Map.of("AuthMethod", "password", "Username", email, "AuthString", password),
                new RequestContext(browserAddress(remoteAddress), "POST", path, Map.of(), new byte[0]));
    }

    /** Ends the caller's session in PLC. */
    public void logout(Caller caller) {
        if (caller.sessionKey().isPresent()) {
            plc.sessionService().close(caller);
        }
    }

    private Caller authenticate(Map<String, Object> auth, RequestContext request) {
        return plc.database().read(handle -> plc.database().translated(() ->
                plc.authenticator().authenticate(() -> handle, auth, List.of(), request)));
    }

    /** The browser's address as the server saw it (a literal, never looked up). */
    private static InetAddress browserAddress(String remoteAddress) {
        try {
            return InetAddress.ofLiteral(remoteAddress);
        } catch (IllegalArgumentException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "the connection's address is not an IP address");
        }
    }
}
