package org.planetlab.plc;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.planetlab.plc.auth.NodeRequestAuthenticator;
import org.planetlab.plc.auth.SignedNodeRequests;

/** The layout of PLC's data directory: its configuration file and the files PLC writes there. */
final class DataDirectory {
    static final String DEMO_CREDENTIALS = "demo-credentials.txt";

    private DataDirectory() {}

    /** Creates the directory (owner-only) and its plc.properties with the given settings. */
    static void create(Path dataDir, Map<String, String> settings) throws IOException {
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        StringBuilder text = new StringBuilder("# PLC configuration; see docs/configuration.md for every key.\n");
        settings.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Path file = dataDir.resolve(PlcConfig.FILE_NAME);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    static void writeDemoCredentials(Path dataDir, DemoRegistry.Credentials credentials, PrintWriter out)
            throws IOException {
        StringBuilder text = new StringBuilder("Demo accounts (site " + DemoRegistry.SITE + "):\n");
        credentials.passwordsByEmail().forEach((email, password) ->
                text.append("  ").append(email).append("  password: ").append(password).append('\n'));
        text.append("Nodes: ").append(String.join(", ", credentials.nodes())).append('\n');
        text.append("Slice: ").append(credentials.slice()).append('\n');
        Path file = dataDir.resolve(DEMO_CREDENTIALS);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        out.print(text);
        out.println("(also in " + file + ")");
    }

    /** Nodes sign their requests with their node key and must call from their registered address. */
    static NodeRequestAuthenticator nodeAuthenticator(PlcConfig config) {
        return new SignedNodeRequests(java.time.Clock.systemUTC(), true, config.nodeReplayCacheEntries());
    }
}
