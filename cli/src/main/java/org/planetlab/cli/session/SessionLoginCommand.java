package org.planetlab.cli.session;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.config.ConfigLocation;
import org.planetlab.cli.config.Connection;
import org.planetlab.cli.config.StoredSession;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pl session login}: opens a session with the user's password (GetSession) or with a
 * certificate and its private key (AuthenticateCertificate), and stores its key next to the
 * configuration file, readable by the user only; later commands use it instead of the password
 * until {@code pl session logout}.
 */
@Command(name = "login", header = "Opens a session and stores its key for later commands.",
        description = {"Calls GetSession with the configured user and password, or with --certificate and --key"
                + " AuthenticateCertificate, and stores the session key in session.properties next to pl.properties"
                + " (mode 0600). Later commands to the same PLC use the session instead of the password, unless"
                + " --user, PL_USER, --session or PL_SESSION say otherwise.",
                "", "API method: GetSession(auth, [expires]) -> string or AuthenticateCertificate(certificate) -> struct"})
public final class SessionLoginCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec GET_SESSION = MethodCatalog.lookup("GetSession").orElseThrow();

    private final CommandContext context;

    @Option(names = "--expires", paramLabel = "SECONDS", description = "Session lifetime in seconds (PLC's default: one day).")
    Long expires;

    @ArgGroup(exclusive = false)
    CertificateFiles certificate;

    static final class CertificateFiles {
        @Option(names = "--certificate", required = true, paramLabel = "FILE",
                description = "Log in with this XML certificate (a chain to one of PLC's trust roots) instead of a password.")
        Path certificate;

        @Option(names = "--key", required = true, paramLabel = "FILE",
                description = "The certificate's private key, PEM, mode 0600; it opens the session PLC seals to it.")
        Path key;
    }

    public SessionLoginCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(GET_SESSION.name(), CertificateLogin.METHOD);
    }

    @Override
    public Integer call() {
        ConfigLocation location = context.resolver().location().orElseThrow(() -> context.usageError(
                "cannot store a session: neither PL_CONFIG nor HOME is set"));
        Connection connection;
        String key;
        String user;
        if (certificate != null) {
            if (expires != null) {
                throw context.usageError("--expires applies to password logins; PLC decides a certificate session's life");
            }
            connection = context.anonymousConnection();
            CertificateLogin.Opened opened = new CertificateLogin(context).login(connection, certificate.certificate,
                    certificate.key);
            key = opened.key();
            user = opened.subject();
        } else {
            connection = context.passwordConnection();
            List<Object> arguments = new ArrayList<>();
            if (expires != null) {
                arguments.add(expires);
            }
            key = (String) connection.client().callWith(GET_SESSION.name(), arguments);
            user = ((Credentials.Password) connection.credentials()).email();
        }
        Path file = location.sessionFile();
        new StoredSession(connection.url(), user, key).write(file);
        if (context.json()) {
            context.print(key, Presentation.of(GET_SESSION.returns()));
        }
        context.message("logged in to " + connection.url() + " as " + user + "; session stored in " + file);
        return 0;
    }
}
