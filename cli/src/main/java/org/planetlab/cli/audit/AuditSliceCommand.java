package org.planetlab.cli.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.cli.command.ArgumentText;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pl audit slice NAME [--summary|--flows|--top]}: one slice's traffic. */
@Command(name = "slice", header = "Shows one slice's traffic: per hour, its flows, or its rank among the top talkers.",
        description = {"--summary (the default) prints the slice's bytes, packets, flows and distinct destinations per"
                + " hour; --flows its flows, newest first; --top the slices with the most traffic in the window, the"
                + " named one marked. The window is the last 24 hours unless --from and --to say otherwise."
                + " Operators see every slice, PIs their sites' slices, users their own (not --top).",
                "", "API method: GetSliceTraffic(auth, slice, start, end); with --flows GetSliceFlows(auth, slice, start, end,"
                        + " limit); with --top GetTopTalkers(auth, start, end, limit)"})
public final class AuditSliceCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec TRAFFIC = MethodCatalog.lookup("GetSliceTraffic").orElseThrow();
    private static final MethodSpec FLOWS = MethodCatalog.lookup("GetSliceFlows").orElseThrow();
    private static final MethodSpec TOP = MethodCatalog.lookup("GetTopTalkers").orElseThrow();
    private static final long DAY_SECONDS = 86_400;

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "SLICE", description = "The slice: its id or name (princeton_codeen).")
    String slice;

    @ArgGroup(exclusive = true)
    View view;

    static final class View {
        @Option(names = "--summary", description = "Traffic per hour (the default).")
        boolean summary;

        @Option(names = "--flows", description = "The slice's flows, newest first.")
        boolean flows;

        @Option(names = "--top", description = "The slices with the most traffic, this one marked.")
        boolean top;
    }

    @Option(names = "--from", paramLabel = "TIME", description = "The window's start (24 hours ago by default).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "The window's end (now by default).")
    String to;

    @Option(names = "--limit", paramLabel = "N", description = "The most flows (--flows, 100) or slices (--top, 20).")
    Long limit;

    public AuditSliceCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(TRAFFIC.name(), FLOWS.name(), TOP.name());
    }

    @Override
    public Integer call() {
        long end = to == null ? context.terminal().clock().instant().getEpochSecond() : time(to, "--to");
        long start = from == null ? end - DAY_SECONDS : time(from, "--from");
        Object target = ArgumentText.convert(slice, TRAFFIC.params().getFirst().type(), "SLICE");
        if (view != null && view.flows) {
            Object result = context.client(FLOWS).call(FLOWS.name(), target, start, end, limit);
            print(result, FLOWS, FlowRows::of, FlowRows.COLUMNS);
        } else if (view != null && view.top) {
            Object result = context.client(TOP).call(TOP.name(), start, end, limit);
            print(result, TOP, rows -> marked(rows, target), List.of("rank", "slice_id", "name", "bytes", "packets",
                    "flows", "destinations"));
        } else {
            Object result = context.client(TRAFFIC).call(TRAFFIC.name(), target, start, end);
            print(result, TRAFFIC, AuditSliceCommand::hours, List.of("hour", "bytes_out", "bytes_in", "packets_out",
                    "packets_in", "flows", "destinations"));
        }
        return 0;
    }

    private void print(Object result, MethodSpec method, java.util.function.Function<Object, List<Map<String, Object>>>
            rows, List<String> columns) {
        if (context.json()) {
            context.print(result, Presentation.of(method.returns()));
        } else if (((List<?>) result).isEmpty()) {
            context.message("no traffic in that window");
        } else {
            context.print(rows.apply(result), new Presentation(ArrayType.of(new AnyType("row")), columns));
        }
    }

    private static List<Map<String, Object>> hours(Object result) {
        return ((List<?>) result).stream().map(row -> {
            Map<String, Object> hour = new LinkedHashMap<>();
            ((Map<?, ?>) row).forEach((key, value) -> hour.put((String) key, value));
            hour.put("hour", Instant.ofEpochSecond((Long) hour.get("hour")).toString());
            return hour;
        }).toList();
    }

    private static List<Map<String, Object>> marked(Object result, Object target) {
        List<?> rows = (List<?>) result;
        List<Map<String, Object>> marked = new java.util.ArrayList<>();
        for (int index = 0; index < rows.size(); index++) {
            Map<?, ?> row = (Map<?, ?>) rows.get(index);
            boolean named = target.equals(row.get("slice_id")) || target.equals(row.get("name"));
            Map<String, Object> copy = new LinkedHashMap<>();
            copy.put("rank", (named ? "* " : "") + (index + 1));
            row.forEach((key, value) -> copy.put((String) key, value));
            marked.add(copy);
        }
        return marked;
    }

    private long time(String text, String option) {
        try {
            return ArgumentText.timestamp(text, option);
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw context.usageError(e.getMessage());
        }
    }
}
