package org.planetlab.cli.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pl release publish --label L FILE...}: publishes the files as the next release. */
@Command(name = "publish", header = "Publishes files as the next node software release.",
        description = {"Uploads every FILE (named on the node as its file name) and makes them the current release:"
                + " PLC stores them and signs metadata with each file's length and SHA-256. Prints the release number."
                + " Operators only. The files travel in one request, bounded by PLC's max-request-bytes (16 MiB by default).",
                "", "API method: AddRelease(auth, label, [{name, content}])"})
public final class ReleasePublishCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec ADD_RELEASE = MethodCatalog.lookup("AddRelease").orElseThrow();

    private final CommandContext context;

    @Option(names = "--label", required = true, paramLabel = "LABEL", description = "What to call the release, e.g. 2026.12.06-agent.")
    String label;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The release's files.")
    List<Path> files;

    public ReleasePublishCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(ADD_RELEASE.name());
    }

    @Override
    public Integer call() {
        List<Map<String, Object>> uploads = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw context.usageError(file + " is not a regular file");
            }
            try {
                uploads.add(Map.of("name", file.getFileName().toString(),
                        "content", Base64.getEncoder().encodeToString(Files.readAllBytes(file))));
            } catch (IOException e) {
                throw context.usageError("cannot read " + file + ": " + e.getMessage());
            }
        }
        Object number = context.client(ADD_RELEASE).call(ADD_RELEASE.name(), label, uploads);
        context.print(number, Presentation.of(ADD_RELEASE.returns()));
        return 0;
    }
}
