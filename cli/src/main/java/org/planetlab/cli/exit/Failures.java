package org.planetlab.cli.exit;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.planetlab.api.client.UntrustedCertificateException;
import org.planetlab.api.error.PlanetLabException;
import picocli.CommandLine;

/**
 * Turns what a command threw into a message on standard error and an exit code: a failure PLC
 * reported (or failing to reach it) by its error code's category, a value that could not be
 * converted as a usage error, anything else as a failure of pl itself.
 */
public final class Failures implements CommandLine.IExecutionExceptionHandler {
    private final PrintWriter err;

    public Failures(PrintWriter err) {
        this.err = requireNonNull(err, "err is null");
    }

    @Override
    public int handleExecutionException(Exception error, CommandLine line, CommandLine.ParseResult parseResult) {
        int exit = switch (error) {
            case UntrustedCertificateException failure -> {
                err.println("pl: " + failure.getMessage());
                err.println("pl: the server's certificate is not trusted; give PLC's CA certificate (tls-ca.pem in its"
                        + " trust directory) with --ca-file, PL_CA_FILE or ca-file in pl.properties");
                yield ExitCode.UNAVAILABLE.number();
            }
            case PlanetLabException failure -> {
                err.println("pl: " + failure.getMessage());
                yield ExitCode.of(failure.code()).number();
            }
            case CommandLine.ParameterException usage -> {
                yield new UsageErrors(err).handleParseException(usage, parseResult.originalArgs().toArray(String[]::new));
            }
            case CommandLine.TypeConversionException usage -> {
                err.println("pl: " + usage.getMessage());
                err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for more information.");
                yield ExitCode.USAGE.number();
            }
            case UncheckedIOException io -> {
                err.println("pl: " + io.getMessage());
                yield ExitCode.FAILURE.number();
            }
            default -> {
                err.println("pl: internal error: " + error);
                yield ExitCode.FAILURE.number();
            }
        };
        err.flush();
        return exit;
    }
}
