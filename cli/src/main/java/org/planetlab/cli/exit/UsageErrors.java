package org.planetlab.cli.exit;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Reports a wrong command line briefly (what was wrong, close matches for a mistyped name, where
 * the help is) rather than with the whole usage text, and exits with {@link ExitCode#USAGE}.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    private final PrintWriter err;

    public UsageErrors(PrintWriter err) {
        this.err = requireNonNull(err, "err is null");
    }

    @Override
    public int handleParseException(CommandLine.ParameterException error, String[] args) {
        CommandLine line = error.getCommandLine();
        err.println("pl: " + error.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
        String name = line == null ? "pl" : line.getCommandSpec().qualifiedName();
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE.number();
    }
}
