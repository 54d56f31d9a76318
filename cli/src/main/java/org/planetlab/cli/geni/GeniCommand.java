package org.planetlab.cli.geni;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pl geni}: GENI and SFA client set-up against PLC's registry face. */
@Command(name = "geni", mixinStandardHelpOptions = true,
        description = "GENI/SFA clients: set up an sfi directory with your GID from PLC's registry.",
        subcommands = {GeniCommand.Config.class})
public final class GeniCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code pl geni config}: gets the person's GID and user credential from the registry with their
     * RSA key (as sfi bootstraps) and writes a ready sfi directory.
     */
    @Command(name = "config", mixinStandardHelpOptions = true,
            description = {"Get your GID and user credential from PLC's SFA registry with your RSA key, and write an sfi"
                    + " directory: <hrn>.pkey, <hrn>.user.gid, <hrn>.user.cred, plc-ca.pem and sfi_config (registry and AM"
                    + " URLs, authority, user).",
                    "The key must be the private half of an ssh-rsa key of your PLC account, in PEM (ssh-keygen -p -m PEM)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:written", "1:refused by the registry or unreachable", "2:usage error", "3:bad input"})
    static final class Config implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--user", required = true, description = "Your hrn, e.g. plc.princeton.alice (the registry's Resolve names it).")
        private String user;

        @Option(names = "--key", required = true, description = "Your RSA private key, PEM, mode 0600.")
        private Path key;

        @Option(names = "--registry", required = true, description = "The registry URL, e.g. https://plc.example.org:12345/.")
        private URI registry;

        @Option(names = "--am", required = true, description = "The aggregate manager URL, e.g. https://plc.example.org:12346/.")
        private URI aggregate;

        @Option(names = "--ca", required = true, description = "PLC's TLS CA certificate (tls-ca.pem), pinned.")
        private Path ca;

        @Option(names = "--dir", description = "The sfi directory (default ~/.sfi).")
        private Path directory;

        @Override
        public Integer call() {
            try {
                SfiBootstrap bootstrap = new SfiBootstrap(user, KeyFiles.readPrivateKey(key), registry, aggregate,
                        Pem.readCertificates(KeyFiles.read(ca)).getFirst());
                Path target = directory != null ? directory : Path.of(System.getProperty("user.home"), ".sfi");
                SfiBootstrap.Written written = bootstrap.write(target, Clock.systemUTC(), new SecureRandom());
                spec.commandLine().getOut().println("wrote " + written.config() + " and the GID of "
                        + written.gid().getSubjectX500Principal().getName() + " in " + written.directory());
                return 0;
            } catch (PlanetLabException e) {
                spec.commandLine().getErr().println("pl geni config: " + e.getMessage());
                return switch (e.code()) {
                    case PERMISSION_DENIED, UNAVAILABLE -> 1;
                    default -> 3;
                };
            }
        }
    }
}
