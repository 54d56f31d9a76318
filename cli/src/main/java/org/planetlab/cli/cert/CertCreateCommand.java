package org.planetlab.cli.cert;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import org.planetlab.trust.cert.AuthorityRole;
import org.planetlab.trust.cert.AuthoritySubject;
import org.planetlab.trust.cert.Certificate;
import org.planetlab.trust.cert.CertificateSigner;
import org.planetlab.trust.cert.CertificateXml;
import org.planetlab.trust.cert.Credential;
import org.planetlab.trust.cert.NodeSubject;
import org.planetlab.trust.cert.PersonSubject;
import org.planetlab.trust.cert.ServiceSubject;
import org.planetlab.trust.cert.Subject;
import org.planetlab.trust.key.KeyAlgorithm;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pl cert create}: signs a certificate for a subject's public key. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Issue a certificate. Without --issuer-cert the issuer key is treated as a trust root.")
final class CertCreateCommand implements java.util.concurrent.Callable<Integer> {
    enum Kind { person, node, authority, service }

    @ParentCommand
    private CertCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--kind", required = true, description = "Subject kind: ${COMPLETION-CANDIDATES}.")
    private Kind kind;

    @Option(names = "--email", description = "Person's e-mail (kind person).")
    private String email;

    @Option(names = "--node-id", description = "Node id (kind node or service).")
    private Long nodeId;

    @Option(names = "--hostname", description = "Node host name (kind node or service).")
    private String hostname;

    @Option(names = "--name", description = "Authority name, e.g. plc.sa (kind authority).")
    private String name;

    @Option(names = "--role", description = "Authority role: slice or management (kind authority).")
    private String role;

    @Option(names = "--slice", description = "Service slice name, e.g. plc.scs (kind service).")
    private String slice;

    @Option(names = "--public-key", description = "Subject public key, PEM.")
    private Path publicKey;

    @Option(names = "--new-key", description = "Generate the subject key pair and write its private key here (mode 0600).")
    private Path newKey;

    @Option(names = "--key-algorithm", defaultValue = "ec-p256", description = "Algorithm for --new-key (default ${DEFAULT-VALUE}).")
    private String keyAlgorithm;

    @Option(names = "--issuer-key", required = true, description = "Issuer private key, PEM (must be mode 0600).")
    private Path issuerKey;

    @Option(names = "--issuer-cert", description = "Issuer certificate (XML); embedded in the new certificate.")
    private Path issuerCertificate;

    @Option(names = "--may-issue", description = "Allow the subject to issue certificates (authorities and nodes).")
    private boolean mayIssue;

    @Option(names = "--days", defaultValue = "365", description = "Validity in days from now (default ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--out", description = "Write the certificate here instead of standard output.")
    private Path out;

    @Override
    public Integer call() {
        if ((publicKey == null) == (newKey == null)) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --public-key and --new-key");
        }
        if (days <= 0) {
            throw new ParameterException(spec.commandLine(), "--days must be positive");
        }
        return CommandFailures.run(spec.commandLine().getErr(), () -> {
            Subject subject = subject();
            PublicKey subjectKey = subjectKey();
            PrivateKey signingKey = KeyFiles.readPrivateKey(issuerKey);
            Credential issuer = issuerCertificate == null
                    ? Credential.root(new KeyPair(rootPublicKey(signingKey), signingKey))
                    : Credential.certified(signingKey, CertificateXml.parse(KeyFiles.read(issuerCertificate)));
            Certificate certificate = new CertificateSigner(parent.clock(), parent.random())
                    .issue(subject, subjectKey, mayIssue, Duration.ofDays(days), issuer);
            if (out == null) {
                spec.commandLine().getOut().println(certificate.xml());
            } else {
                KeyFiles.writePublic(out, certificate.xml());
                spec.commandLine().getOut().println("wrote certificate for " + subject.identity() + " to " + out);
            }
            return CertCommand.OK;
        });
    }

    private Subject subject() {
        return switch (kind) {
            case person -> new PersonSubject(required(email, "--email"));
            case node -> new NodeSubject(required(nodeId, "--node-id"), required(hostname, "--hostname"));
            case authority -> new AuthoritySubject(required(name, "--name"), AuthorityRole.fromXmlName(required(role, "--role")));
            case service -> new ServiceSubject(required(slice, "--slice"),
                    new NodeSubject(required(nodeId, "--node-id"), required(hostname, "--hostname")));
        };
    }

    private PublicKey subjectKey() {
        if (publicKey != null) {
            return Pem.readPublicKey(KeyFiles.read(publicKey));
        }
        KeyPair keys = KeyAlgorithm.fromName(keyAlgorithm).generate(parent.random());
        KeyFiles.writePrivateKey(newKey, keys.getPrivate());
        return keys.getPublic();
    }

    /** A root signs with its own key; its public half is computed from the private key file. */
    private static PublicKey rootPublicKey(PrivateKey privateKey) {
        return RootKeys.publicKeyOf(privateKey);
    }

    private <T> T required(T value, String option) {
        if (value == null) {
            throw new ParameterException(spec.commandLine(), option + " is required for --kind " + kind);
        }
        return value;
    }
}
