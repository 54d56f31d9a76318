package org.planetlab.cli.release;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;

/** {@code pl release list}: every release, one line per file, newest first. */
@Command(name = "list", header = "Lists the published releases, one line per file.",
        description = {"Shows each release's number, label, publication time and publisher, then each of its files with"
                + " its length and SHA-256; with --json, the releases as GetReleases returns them. Operators only.",
                "", "API method: GetReleases(auth)"})
public final class ReleaseListCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec GET_RELEASES = MethodCatalog.lookup("GetReleases").orElseThrow();
    private static final List<String> COLUMNS = List.of("release_number", "label", "published_at", "published_by", "file",
            "length", "sha256");

    private final CommandContext context;

    public ReleaseListCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(GET_RELEASES.name());
    }

    @Override
    public Integer call() {
        Object result = context.client(GET_RELEASES).call(GET_RELEASES.name());
        if (context.json()) {
            context.print(result, Presentation.of(GET_RELEASES.returns()));
            return 0;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object element : (List<?>) result) {
            Map<?, ?> release = (Map<?, ?>) element;
            for (Object file : (List<?>) release.get("files")) {
                Map<?, ?> entry = (Map<?, ?>) file;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("release_number", release.get("release_number"));
                row.put("label", release.get("label"));
                row.put("published_at", release.get("published_at"));
                row.put("published_by", release.get("published_by"));
                row.put("file", entry.get("name"));
                row.put("length", entry.get("length"));
                row.put("sha256", entry.get("sha256"));
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            context.message("no release has been published; publish one with pl release publish");
            return 0;
        }
        context.print(rows, new Presentation(ArrayType.of(new AnyType("release file")), COLUMNS));
        return 0;
    }
}
