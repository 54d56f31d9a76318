package org.planetlab.cli.slice;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.ArgumentText;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pl slice start SLICE [--node NODE]}: starts a slice everywhere, or lifts its stop on one node. */
@Command(name = "start", header = "Starts a slice, or lifts its stop on one node.",
        description = {"Without --node: starts the slice on its nodes (StartSlice); a slice stopped by an operator is"
                + " started only by an operator, and none while every slice is stopped. With --node: lifts the"
                + " slice's stop on that node (StartSliver); a stop made by the node's site or by an operator is"
                + " lifted only by them.",
                "", "API method: StartSlice(auth, slice_name), StartSliver(auth, slice_id_or_name, node_id_or_hostname)"})
public final class SliceStartCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec START_SLICE = MethodCatalog.lookup("StartSlice").orElseThrow();
    private static final MethodSpec START_SLIVER = MethodCatalog.lookup("StartSliver").orElseThrow();

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "SLICE", description = "The slice: its id or name (princeton_codeen).")
    String slice;

    @Option(names = "--node", paramLabel = "NODE", description = "Only on this node (id or host name).")
    String node;

    public SliceStartCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(START_SLICE.name(), START_SLIVER.name());
    }

    @Override
    public Integer call() {
        Object target = ArgumentText.convert(slice, START_SLICE.params().getFirst().type(), "SLICE");
        Object result = node == null ? context.client(START_SLICE).call(START_SLICE.name(), target)
                : context.client(START_SLIVER).call(START_SLIVER.name(), target,
                        ArgumentText.convert(node, START_SLIVER.params().get(1).type(), "--node"));
        if (context.json()) {
            context.print(result, Presentation.of(START_SLICE.returns()));
        } else {
            context.message(slice + " started " + (node == null ? "on its nodes" : "on " + node));
        }
        return 0;
    }
}
