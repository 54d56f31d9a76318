package org.planetlab.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import picocli.CommandLine;

/**
 * Turns what a command threw into a message on standard error and an exit code: a failure PLC
 * reported (or failing to reach it) by its error code's category, a value that could not be
 * converted as a usage error, anything else as a failure of pl itself.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
    private final PrintWriter err;

    Failures(PrintWriter err) {
        this.err = requireNonNull(err, "err is null");
    }

    /**
     * Whether the JSON client could not parse PLC's answer: pl writes its requests with the same
     * codec, so a JSON syntax error is never the server's verdict on the request but an answer
     * that is not the API at all, such as a proxy's or a crashed server's HTML error page. (The
     * XML-RPC client reports such answers as unavailable itself.)
     */
    private static boolean isAnswerNotJson(PlanetLabException failure) {
        return failure.code() == ErrorCode.MALFORMED_REQUEST && failure.getMessage().startsWith("invalid JSON");
    }

    /** Whether PLC could not be reached because TLS did not trust its certificate (the JDK's wording). */
    private static boolean isUntrustedCertificate(PlanetLabException failure) {
        return failure.code() == ErrorCode.UNAVAILABLE && failure.getMessage().contains("PKIX path");
    }

    @Override
    public int handleExecutionException(Exception error, CommandLine line, CommandLine.ParseResult parseResult) {
        int exit = switch (error) {
            case PlanetLabException failure when isAnswerNotJson(failure) -> {
                err.println("pl: the server did not answer with the PLC API (" + failure.getMessage()
                        + "); check the PLC address (--url, PL_URL) and that PLC is running");
                yield ExitCode.UNAVAILABLE.number();
            }
            case PlanetLabException failure when isUntrustedCertificate(failure) -> {
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
