package org.planetlab.cli.session;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.config.Connection;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;

/** {@code pl session check}: whether the credentials in use are good (AuthCheck), and whose they are. */
@Command(name = "check", header = "Checks the credentials in use.",
        description = {"Calls AuthCheck; exits 0 and says who the credentials are if PLC accepts them, 3 if not.",
                "", "API method: AuthCheck(auth) -> int"})
public final class SessionCheckCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec AUTH_CHECK = MethodCatalog.lookup("AuthCheck").orElseThrow();

    private final CommandContext context;

    public SessionCheckCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(AUTH_CHECK.name());
    }

    @Override
    public Integer call() {
        Object result = context.client(AUTH_CHECK).call(AUTH_CHECK.name());
        Connection connection = context.connection();
        if (context.json()) {
            context.print(result, Presentation.of(AUTH_CHECK.returns()));
        } else {
            context.terminal().out().println("ok: " + connection.identity() + " at " + connection.url());
            context.terminal().out().flush();
        }
        return 0;
    }
}
