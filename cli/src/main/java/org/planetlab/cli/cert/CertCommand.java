package org.planetlab.cli.cert;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pl cert}: create, show and verify PlanetLab XML certificates (the seed's {@code mkcert}).
 *
 * <p>Exit codes, for scripts:
 * <ul>
 *   <li>0: success (for {@code verify}: the certificate chains to a trust root and is valid);
 *   <li>1: verification failed: bad signature, broken chain, issuer not allowed, expired or not yet valid;
 *   <li>2: usage error: unknown option, missing or invalid option value;
 *   <li>3: bad input: a file cannot be read, is malformed, or is a private key others may read;
 *   <li>4: internal error.
 * </ul>
 */
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = "Create, show and verify PlanetLab XML certificates.",
        subcommands = {CertCreateCommand.class, CertShowCommand.class, CertVerifyCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:verification failed", "2:usage error", "3:bad input (unreadable or malformed file)",
                "4:internal error"})
public final class CertCommand implements Runnable {
    /** Success. */
    public static final int OK = 0;
    /** The certificate did not verify. */
    public static final int VERIFICATION_FAILED = 1;
    /** Wrong options (picocli's own usage code). */
    public static final int USAGE = 2;
    /** A file could not be read or is malformed. */
    public static final int BAD_INPUT = 3;
    /** Anything else. */
    public static final int INTERNAL_ERROR = 4;

    private final Clock clock;
    private final SecureRandom random;

    @Spec
    private CommandSpec spec;

    public CertCommand() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    public CertCommand(Clock clock, SecureRandom random) {
        this.clock = requireNonNull(clock, "clock is null");
        this.random = requireNonNull(random, "random is null");
    }

    Clock clock() {
        return clock;
    }

    SecureRandom random() {
        return random;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
