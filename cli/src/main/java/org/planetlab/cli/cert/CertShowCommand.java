package org.planetlab.cli.cert;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.CertificateXml;
import org.planetlab.trust.cert.IssuerReference;
import org.planetlab.trust.key.KeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pl cert show}: prints what a certificate says, without verifying it. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print a certificate's statements and chain (not verified).")
final class CertShowCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The certificate (XML).")
    private Path file;

    @Override
    public Integer call() {
        return CommandFailures.run(spec.commandLine().getErr(), () -> {
            Certificate certificate = CertificateXml.parse(KeyFiles.read(file));
            PrintWriter out = spec.commandLine().getOut();
            int level = 0;
            for (Certificate current = certificate; current != null; level++) {
                String indent = "  ".repeat(level);
                out.println(indent + "subject:    " + current.subject().identity());
                out.println(indent + "public key: " + current.keyFingerprint());
                out.println(indent + "may issue:  " + (current.mayIssue() ? "yes" : "no"));
                out.println(indent + "valid:      " + current.validity().notBefore() + " to " + current.validity().notAfter());
                out.println(indent + "serial:     " + current.serial());
                if (current.issuer() instanceof IssuerReference.Embedded embedded) {
                    out.println(indent + "issuer:     certificate of " + embedded.certificate().subject().identity());
                    current = embedded.certificate();
                } else {
                    out.println(indent + "issuer:     root key " + ((IssuerReference.Root) current.issuer()).keyId());
                    current = null;
                }
            }
            out.println("(not verified; run \"cert verify " + file + " --roots DIR\")");
            return CertCommand.OK;
        });
    }
}
