package org.planetlab.cli.session;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.config.ConfigLocation;
import org.planetlab.cli.config.Connection;
import org.planetlab.cli.config.StoredSession;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;

/**
 * {@code pl session logout}: ends the session in use (DeleteSession) and removes the stored key.
 * A session PLC no longer knows (expired) counts as ended.
 */
@Command(name = "logout", header = "Ends the session and forgets its key.",
        description = {"Calls DeleteSession with the session in use (--session, PL_SESSION or the stored one) and"
                + " removes the stored session file.",
                "", "API method: DeleteSession(auth) -> int"})
public final class SessionLogoutCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec DELETE_SESSION = MethodCatalog.lookup("DeleteSession").orElseThrow();

    private final CommandContext context;

    public SessionLogoutCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(DELETE_SESSION.name());
    }

    @Override
    public Integer call() {
        Connection connection = context.connection();
        if (!(connection.credentials() instanceof Credentials.Session session)) {
            throw context.usageError("not logged in: the credentials in use are " + connection.identity()
                    + ", not a session");
        }
        boolean expired = false;
        try {
            connection.client().call(DELETE_SESSION.name());
        } catch (PlanetLabException e) {
            if (e.code() != ErrorCode.AUTHENTICATION_FAILED) {
                throw e;
            }
            expired = true;
        }
        Optional<ConfigLocation> location = context.resolver().location();
        boolean forgotten = location.isPresent() && context.resolver().storedSession()
                .filter(stored -> stored.key().equals(session.key())).isPresent()
                && StoredSession.delete(location.get().sessionFile());
        if (context.json()) {
            context.print(1L, Presentation.of(DELETE_SESSION.returns()));
        }
        context.message((expired ? "the session had already ended" : "logged out of " + connection.url())
                + (forgotten ? "; stored session removed" : ""));
        return 0;
    }
}
