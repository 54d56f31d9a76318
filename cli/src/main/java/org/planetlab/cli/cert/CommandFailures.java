package org.planetlab.cli.cert;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import picocli.CommandLine.ParameterException;

/** Runs a subcommand body and maps its failures to the exit codes of {@link CertCommand}. */
final class CommandFailures {
    private CommandFailures() {
    }

    static int run(PrintWriter err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (PlanetLabException e) {
            err.println("cert: " + e.getMessage());
            return e.code() == ErrorCode.VERIFICATION_FAILED ? CertCommand.VERIFICATION_FAILED : CertCommand.BAD_INPUT;
        } catch (ParameterException e) {
            // picocli prints the usage message and exits with the usage code.
            throw e;
        } catch (RuntimeException e) {
            err.println("cert: internal error: " + e);
            return CertCommand.INTERNAL_ERROR;
        } catch (Exception e) {
            err.println("cert: " + e.getMessage());
            return CertCommand.BAD_INPUT;
        }
    }
}
