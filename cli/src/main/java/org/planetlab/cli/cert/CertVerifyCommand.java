package org.planetlab.cli.cert;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.ChainVerifier;
import org.planetlab.trust.cert.VerifiedCertificate;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.TrustRoots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pl cert verify}: checks a certificate's chain against a directory of trust roots. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a certificate chain against the trust roots; exit 0 if valid, 1 if not.")
final class CertVerifyCommand implements Callable<Integer> {
    @ParentCommand
    private CertCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The certificate (XML).")
    private Path file;

    @Option(names = "--roots", required = true, description = "Directory of trust root *.pem files.")
    private Path roots;

    @Option(names = "--at", description = "Check validity at this instant (e.g. 2026-01-01T00:00:00Z) instead of now.")
    private Instant at;

    @Override
    public Integer call() {
        return CommandFailures.run(spec.commandLine().getErr(), () -> {
            Clock clock = at == null ? parent.clock() : Clock.fixed(at, ZoneOffset.UTC);
            VerifiedCertificate verified = new ChainVerifier(TrustRoots.load(roots), clock).verify(KeyFiles.read(file));
            StringBuilder path = new StringBuilder();
            for (Certificate issuer : verified.issuers()) {
                path.append(" via ").append(issuer.subject().displayName());
            }
            spec.commandLine().getOut().println("OK: " + verified.subject().identity() + path + " to trust root '" + verified.root().name() + "'");
            return CertCommand.OK;
        });
    }
}
