package org.planetlab.cli.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pl release download N NAME -o FILE}: fetches one file of a release and checks its digest. */
@Command(name = "download", header = "Downloads one file of a release, checking its length and SHA-256.",
        description = {"Fetches NAME of release NUMBER chunk by chunk into FILE (written whole or not at all) and"
                + " compares it with the length and SHA-256 that GetReleases lists. Operators only.",
                "", "API method: GetReleaseFile(auth, release_number, name, offset)"})
public final class ReleaseDownloadCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec GET_FILE = MethodCatalog.lookup("GetReleaseFile").orElseThrow();
    private static final MethodSpec GET_RELEASES = MethodCatalog.lookup("GetReleases").orElseThrow();

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "NUMBER", description = "The release number.")
    long number;

    @Parameters(index = "1", paramLabel = "NAME", description = "The file's name in the release.")
    String name;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write it.")
    Path output;

    public ReleaseDownloadCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(GET_FILE.name(), GET_RELEASES.name());
    }

    @Override
    public Integer call() throws IOException {
        PlcClient client = context.client(GET_FILE);
        Map<?, ?> listed = expected(client);
        Path absolute = output.toAbsolutePath();
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".part");
        MessageDigest digest = sha256();
        long length = 0;
        try (OutputStream out = Files.newOutputStream(temporary)) {
            while (true) {
                byte[] chunk = Base64.getDecoder().decode((String) client.call(GET_FILE.name(), number, name, length));
                if (chunk.length == 0) {
                    break;
                }
                length += chunk.length;
                if (length > (Long) listed.get("length")) {
                    throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, name + " is longer than the " + listed.get("length")
                            + " bytes release " + number + " lists; the download was stopped");
                }
                digest.update(chunk);
                out.write(chunk);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (length != (Long) listed.get("length") || !actual.equals(listed.get("sha256"))) {
                throw new PlanetLabException(ErrorCode.VERIFICATION_FAILED, name + " does not match release " + number
                        + "'s listing (" + length + " bytes, SHA-256 " + actual + ")");
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        context.message("release " + number + " " + name + ": " + length + " bytes written to " + output);
        return 0;
    }

    private Map<?, ?> expected(PlcClient client) {
        for (Object release : (List<?>) client.call(GET_RELEASES.name())) {
            Map<?, ?> row = (Map<?, ?>) release;
            if (((Long) row.get("release_number")) == number) {
                for (Object file : (List<?>) row.get("files")) {
                    if (name.equals(((Map<?, ?>) file).get("name"))) {
                        return (Map<?, ?>) file;
                    }
                }
            }
        }
        throw new PlanetLabException(ErrorCode.NOT_FOUND,
                "release " + number + " has no file " + name + "; pl release list shows every release's files");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
