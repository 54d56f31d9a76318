package org.planetlab.cli.session;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.method.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.config.ConfigLocation;
import org.planetlab.cli.config.Connection;
import org.planetlab.cli.config.StoredSession;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pl session login}: opens a session with the user's password (GetSession) and stores its
 * key next to the configuration file, readable by the user only; later commands use it instead
 * of the password until {@code pl session logout}.
 */
@Command(name = "login", header = "Opens a session and stores its key for later commands.",
        description = {"Calls GetSession with the configured user and password and stores the session key in"
                + " session.properties next to pl.properties (mode 0600). Later commands to the same PLC use the"
                + " session instead of the password, unless --user, PL_USER, --session or PL_SESSION say otherwise.", "", "API method: GetSession(auth, [expires]) -> string"})
public final class SessionLoginCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec GET_SESSION = MethodCatalog.lookup("GetSession").orElseThrow();

    private final CommandContext context;

    @Option(names = "--expires", paramLabel = "SECONDS", description = "Session lifetime in seconds (PLC's default: one day).")
    Long expires;

    public SessionLoginCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(GET_SESSION.name());
    }

    @Override
    public Integer call() {
        ConfigLocation location = context.resolver().location().orElseThrow(() -> context.usageError(
                "cannot store a session: neither PL_CONFIG nor HOME is set"));
        Connection connection = context.passwordConnection();
        List<Object> arguments = new ArrayList<>();
        if (expires != null) {
            arguments.add(expires);
        }
        String key = (String) connection.client().callWith(GET_SESSION.name(), arguments);
        String user = ((Credentials.Password) connection.credentials()).email();
        Path file = location.sessionFile();
        new StoredSession(connection.url(), user, key).write(file);
        if (context.json()) {
            context.print(key, Presentation.of(GET_SESSION.returns()));
        }
        context.message("logged in to " + connection.url() + " as " + user + "; session stored in " + file);
        return 0;
    }
}
