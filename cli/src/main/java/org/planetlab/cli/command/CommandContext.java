package org.planetlab.cli.command;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Optional;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Role;
import org.planetlab.cli.config.Connection;
import org.planetlab.cli.config.ConnectionRequest;
import org.planetlab.cli.config.ConnectionResolver;
import org.planetlab.cli.config.PasswordSource;
import org.planetlab.cli.exit.ExitCode;
import org.planetlab.cli.output.OutputFormat;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What every command of one {@code pl} run shares: the terminal, the global options (one
 * instance behind every command), the connection to PLC (resolved on first use) and the printer.
 */
public final class CommandContext {
    private final Terminal terminal;
    private final GlobalOptions options = new GlobalOptions();
    private final PasswordSource passwords;
    private final SecureRandom random;
    private ConnectionResolver resolver;
    private Connection connection;
    private PlcClient client;
    private CommandLine current;

    public CommandContext(Terminal terminal, SecureRandom random) {
        this.terminal = requireNonNull(terminal, "terminal is null");
        this.random = requireNonNull(random, "random is null");
        this.passwords = new PasswordSource(terminal.in(), terminal.err());
    }

    public Terminal terminal() {
        return terminal;
    }

    public GlobalOptions options() {
        return options;
    }

    public SecureRandom random() {
        return random;
    }

    /** The connection without credentials, for calls that carry their own. */
    public Connection anonymousConnection() {
        return usage(() -> resolver().resolveAnonymous(request()));
    }

    public PasswordSource passwords() {
        return passwords;
    }

    /** Adds the global options, the help option and the exit code list to a command. */
    public CommandSpec decorate(CommandSpec spec) {
        spec.addMixin("global", CommandSpec.forAnnotatedObject(options));
        if (spec.optionsMap().get("--help") == null) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        }
        spec.usageMessage().exitCodeList(ExitCode.helpList()).sortOptions(false).abbreviateSynopsis(true);
        HelpLayout.apply(spec);
        return spec;
    }

    /** Records the command being run, so that usage errors found while running name it. */
    public void running(CommandLine commandLine) {
        this.current = commandLine;
    }

    /** A usage error (exit code 2) about the command being run. */
    public CommandLine.ParameterException usageError(String message) {
        return new CommandLine.ParameterException(current, message);
    }

    public ConnectionResolver resolver() {
        if (resolver == null) {
            resolver = new ConnectionResolver(terminal.environment(), passwords, random);
        }
        return resolver;
    }

    public ConnectionRequest request() {
        return new ConnectionRequest(options.url(), options.user(), options.passwordFile(), options.session(),
                options.encoding(), options.caFile());
    }

    /**
     * The connection, resolved once per run (a password may come from standard input), with
     * configuration problems reported as usage errors.
     */
    public Connection connection() {
        if (connection == null) {
            connection = usage(() -> resolver().resolve(request()));
        }
        return connection;
    }

    /** The connection with a user's password (for logging in). */
    public Connection passwordConnection() {
        return usage(() -> resolver().resolvePassword(request()));
    }

    /**
     * A client for calling {@code method}; fails before calling if there are no credentials and
     * the method does not admit anonymous callers.
     */
    public PlcClient client(MethodSpec method) {
        Connection connection = connection();
        if (connection.isAnonymous() && method.takesAuth() && !method.allows(Role.ANONYMOUS)) {
            throw new PlanetLabException(ErrorCode.AUTHENTICATION_FAILED, method.name() + " needs credentials and none are"
                    + " configured: give --user EMAIL with --password-file FILE, set PL_USER and PL_PASSWORD (or"
                    + " PL_SESSION), log in with `pl session login`, or put user and password-file in "
                    + resolver().location().map(where -> where.configFile().toString()).orElse("pl.properties"));
        }
        if (client == null) {
            client = connection.client();
        }
        return client;
    }

    public void print(Object result, Presentation presentation) {
        OutputFormat format = options.json() ? OutputFormat.JSON : OutputFormat.HUMAN;
        format.printer().print(result, presentation, terminal.out());
    }

    public boolean json() {
        return options.json();
    }

    /** A message for the person at the terminal (standard error), unless --quiet. */
    public void message(String text) {
        if (!options.quiet()) {
            terminal.err().println(text);
            terminal.err().flush();
        }
    }

    private <T> T usage(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                throw usageError(e.getMessage());
            }
            throw e;
        }
    }

    public Optional<CommandLine> current() {
        return Optional.ofNullable(current);
    }
}
