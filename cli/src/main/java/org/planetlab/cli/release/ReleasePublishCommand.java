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
                + " Operators only. Up to 8 MiB in all the files travel in one request (AddRelease); a larger release is"
                + " uploaded in 4 MiB chunks (StartReleaseUpload, UploadReleaseChunk, PublishReleaseUpload), so it is not"
                + " bounded by PLC's max-request-bytes.",
                "", "API method: AddRelease(auth, label, [{name, content}])"})
public final class ReleasePublishCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec ADD_RELEASE = MethodCatalog.lookup("AddRelease").orElseThrow();
    private static final MethodSpec START_UPLOAD = MethodCatalog.lookup("StartReleaseUpload").orElseThrow();
    private static final MethodSpec UPLOAD_CHUNK = MethodCatalog.lookup("UploadReleaseChunk").orElseThrow();
    private static final MethodSpec PUBLISH_UPLOAD = MethodCatalog.lookup("PublishReleaseUpload").orElseThrow();
    private static final long ONE_REQUEST_BYTES = 8L << 20;
    private static final int CHUNK_BYTES = 4 << 20;

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
        return List.of(ADD_RELEASE.name(), START_UPLOAD.name(), UPLOAD_CHUNK.name(), PUBLISH_UPLOAD.name());
    }

    @Override
    public Integer call() {
        long total = 0;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw context.usageError(file + " is not a regular file");
            }
            try {
                total += Files.size(file);
            } catch (IOException e) {
                throw context.usageError("cannot read " + file + ": " + e.getMessage());
            }
        }
        if (total > ONE_REQUEST_BYTES) {
            context.print(uploadInChunks(), Presentation.of(PUBLISH_UPLOAD.returns()));
            return 0;
        }
        List<Map<String, Object>> uploads = new ArrayList<>();
        for (Path file : files) {
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

    /** Sends each file in chunks, in order, then publishes them; returns the release number. */
    private Object uploadInChunks() {
        var client = context.client(START_UPLOAD);
        String upload = (String) client.call(START_UPLOAD.name());
        byte[] buffer = new byte[CHUNK_BYTES];
        for (Path file : files) {
            String name = file.getFileName().toString();
            long offset = 0;
            try (java.io.InputStream in = Files.newInputStream(file)) {
                for (int read = in.readNBytes(buffer, 0, buffer.length); read > 0; read = in.readNBytes(buffer, 0, buffer.length)) {
                    String chunk = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer, read));
                    offset = ((Number) client.call(UPLOAD_CHUNK.name(), upload, name, offset, chunk)).longValue();
                }
            } catch (IOException e) {
                throw context.usageError("cannot read " + file + ": " + e.getMessage());
            }
            if (offset == 0) {
                client.call(UPLOAD_CHUNK.name(), upload, name, 0L, "");
            }
        }
        return client.call(PUBLISH_UPLOAD.name(), upload, label);
    }
}
