package org.planetlab.plc;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plc}: creates a PLC data directory and serves the PLC API.
 *
 * <p>Exit codes: 0 success; 2 bad usage or configuration; 3 the data directory is already (or
 * not yet) initialized; 4 PLC failed at run time.
 */
@Command(name = "plc", mixinStandardHelpOptions = true, version = "plc 0.1",
        description = "PlanetLab Central: the registry, slice authority and management authority.",
        subcommands = {PlcMain.Init.class, PlcMain.Serve.class, PlcMain.Demo.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "2:bad usage or configuration", "3:data directory already (or not yet) initialized",
                "4:failure while running"})
public final class PlcMain {
    static final int USAGE = 2;
    static final int STATE = 3;
    static final int FAILURE = 4;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new PlcMain());
        commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
            line.getErr().println("plc: " + message(error));
            return error instanceof PlanetLabException planetLab && planetLab.code() == ErrorCode.INVALID_ARGUMENT
                    ? USAGE : FAILURE;
        });
        return commandLine;
    }

    private static String message(Throwable error) {
        return error instanceof PlanetLabException ? error.getMessage() : error.toString();
    }

    /** Options every subcommand shares. */
    static class DataDirOption {
        @Option(names = "--data-dir", defaultValue = "${env:PLC_DATA_DIR:-.planetlab/plc}",
                description = "PLC's data directory (default: ${DEFAULT-VALUE}; env PLC_DATA_DIR)")
        Path dataDir;

        @Option(names = "--port", description = "TCP port of the API (overrides plc.properties)")
        Integer port;

        @Option(names = "--listen-address", description = "address the API listens on (overrides plc.properties)")
        String listenAddress;

        Map<String, String> overrides() {
            Map<String, String> overrides = new LinkedHashMap<>();
            if (port != null) {
                overrides.put("port", port.toString());
            }
            if (listenAddress != null) {
                overrides.put("listen-address", listenAddress);
            }
            return overrides;
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Creates a data directory with the first operator account, non-interactively.")
    static final class Init implements Callable<Integer> {
        @CommandLine.Mixin
        DataDirOption options = new DataDirOption();

        @Option(names = "--operator-email", defaultValue = "admin@plc.example.org",
                description = "e-mail (login) of the first operator (default: ${DEFAULT-VALUE})")
        String email;

        @Option(names = "--operator-password-file", description = "file holding the operator's password;"
                + " default: env PLC_OPERATOR_PASSWORD, else a generated one written to DATA_DIR/operator-password")
        Path passwordFile;

        @Option(names = "--store", description = "JDBC URL of the store, e.g. jdbc:postgresql://host/plc"
                + " (default: SQLite in the data directory)")
        String store;

        @Option(names = "--store-user", description = "user name for a PostgreSQL store")
        String storeUser;

        @Option(names = "--store-password-file", description = "file holding the PostgreSQL password")
        Path storePasswordFile;

        @Option(names = "--demo", description = "also seed a demo site, PI, tech, user, nodes and slice")
        boolean demo;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (Files.exists(options.dataDir.resolve(PlcConfig.FILE_NAME))) {
                spec.commandLine().getErr().println("plc: " + options.dataDir + " is already initialized");
                return STATE;
            }
            String password = operatorPassword(options.dataDir, passwordFile, out);
            Bootstrap.checkCredentials(email, password);
            Map<String, String> settings = new LinkedHashMap<>(options.overrides());
            if (store != null) {
                settings.put("store", store);
            }
            if (storeUser != null) {
                settings.put("store-user", storeUser);
            }
            if (storePasswordFile != null) {
                settings.put("store-password", Files.readString(storePasswordFile, StandardCharsets.UTF_8).strip());
            }
            PlcConfig config = PlcConfig.load(options.dataDir, settings);
            DataDirectory.create(options.dataDir, settings);
            SecureRandom random = new SecureRandom();
            try (Plc plc = Plc.start(config, Clock.systemUTC(), random, DataDirectory.nodeAuthenticator(config), false)) {
                long operator = new Bootstrap(plc).createOperator(email, password, "PlanetLab", "Operator");
                out.printf("Initialized %s; operator %s is person %d.%n", config.dataDir(), email, operator);
                if (demo) {
                    DemoRegistry.Credentials credentials = new DemoRegistry(plc, random).seed(3);
                    DataDirectory.writeDemoCredentials(options.dataDir, credentials, out);
                }
            }
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Serves the PLC API until stopped.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        DataDirOption options = new DataDirOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            if (!Files.exists(options.dataDir.resolve(PlcConfig.FILE_NAME))) {
                spec.commandLine().getErr().println("plc: " + options.dataDir + " is not initialized; run plc init first");
                return STATE;
            }
            PlcConfig config = PlcConfig.fromDataDir(options.dataDir, options.overrides());
            return serve(config, spec.commandLine().getOut());
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Initializes a demo registry (if the data directory is new) and serves it.")
    static final class Demo implements Callable<Integer> {
        @CommandLine.Mixin
        DataDirOption options = new DataDirOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!Files.exists(options.dataDir.resolve(PlcConfig.FILE_NAME))) {
                Init init = new Init();
                init.options = options;
                init.email = "admin@plc.example.org";
                init.demo = true;
                init.spec = spec;
                int status = init.call();
                if (status != 0) {
                    return status;
                }
            } else {
                spec.commandLine().getOut().println("Using the existing demo in " + options.dataDir
                        + "; its accounts are listed in " + options.dataDir.resolve(DataDirectory.DEMO_CREDENTIALS));
            }
            return serve(PlcConfig.fromDataDir(options.dataDir, options.overrides()), spec.commandLine().getOut());
        }
    }

    static int serve(PlcConfig config, PrintWriter out) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        try (Plc plc = Plc.start(config, Clock.systemUTC(), new SecureRandom(), DataDirectory.nodeAuthenticator(config), true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "plc-shutdown"));
            String scheme = plc.tls() ? "https" : "http";
            String host = plc.tls() ? config.tlsNames().getFirst() : config.listenAddress().getHostAddress();
            out.printf("PLC API listening on %s://%s:%d/PLCAPI/ (XML-RPC) and /api/v1/ (JSON); store %s%n", scheme, host,
                    plc.port(), config.store().replaceAll("password=[^&]*", "password=***"));
            if (plc.tls()) {
                out.printf("Clients trust PLC's certificate authority: %s%n", config.trustDir().resolve("tls-ca.pem"));
            }
            out.flush();
            stopped.await();
        }
        return 0;
    }

    static String operatorPassword(Path dataDir, Path passwordFile, PrintWriter out) throws IOException {
        if (passwordFile != null) {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        }
        String fromEnvironment = System.getenv("PLC_OPERATOR_PASSWORD");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        String generated = Passwords.generate(new SecureRandom());
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("operator-password");
        Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        out.println("The operator's password is in " + file + " (readable by you only).");
        return generated;
    }
}
