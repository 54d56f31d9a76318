package org.planetlab.cli.slice;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.slice.SliceApi;
import org.planetlab.cli.command.ArgumentText;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pl slice attrs SLICE}: the slice's attributes (GetSliceTags for that slice). */
@Command(name = "attrs", header = "Lists a slice's attributes.",
        description = {"Lists the attributes (slice tags) of one slice: slice-wide values and per-node or per-group"
                + " overrides.",
                "", "API method: GetSliceTags(auth, {slice_id or name}, [return_fields])"})
public final class SliceAttributesCommand implements Callable<Integer>, CallsMethods {
    static final List<String> COLUMNS = List.of("slice_tag_id", "tagname", "value", "node_id", "nodegroup_id", "min_role_id");
    private static final MethodSpec GET = MethodCatalog.lookup("GetSliceTags").orElseThrow();

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "SLICE", description = "The slice: its id or name (princeton_codeen).")
    String slice;

    public SliceAttributesCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(GET.name());
    }

    @Override
    public Integer call() {
        Object target = ArgumentText.convert(slice, SliceApi.SLICE_REF, "SLICE");
        Map<String, Object> filter = target instanceof Long id ? Map.of("slice_id", id) : Map.of("name", target);
        Object result = context.client(GET).call(GET.name(), filter);
        if (!context.json() && result instanceof List<?> rows && rows.isEmpty()) {
            context.message(slice + " has no attributes; defaults apply");
            return 0;
        }
        context.print(result, new Presentation(GET.returns(), COLUMNS));
        return 0;
    }
}
