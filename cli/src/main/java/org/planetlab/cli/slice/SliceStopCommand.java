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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pl slice stop SLICE (--everywhere | --node NODE) --reason TEXT}: the big red button for
 * one slice, on every node (StopSlice) or on one (StopSliver). The reason is recorded with who
 * and when; {@code pl slice stops SLICE} shows them.
 */
@Command(name = "stop", header = "Stops a slice's slivers, everywhere or on one node.",
        description = {"Ends the slice's processes on every node (--everywhere) or on one node (--node); files are"
                + " kept. The slice's users, its site's PIs and operators may stop it everywhere; on one node also a"
                + " PI or tech of the node's site. The stop is recorded with who, why and when (pl slice stops).",
                "", "API method: StopSlice(auth, slice_name, reason) with --everywhere,"
                        + " StopSliver(auth, slice_id_or_name, node_id_or_hostname, reason) with --node"})
public final class SliceStopCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec STOP_SLICE = MethodCatalog.lookup("StopSlice").orElseThrow();
    private static final MethodSpec STOP_SLIVER = MethodCatalog.lookup("StopSliver").orElseThrow();

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "SLICE", description = "The slice: its id or name (princeton_codeen).")
    String slice;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    static final class Where {
        @Option(names = "--everywhere", description = "Stop the slice on every node.")
        boolean everywhere;

        @Option(names = "--node", paramLabel = "NODE", description = "Stop the slice only on this node (id or host name).")
        String node;
    }

    @Option(names = "--reason", paramLabel = "TEXT", required = true,
            description = "Why, in words the slice's users and the operators can act on.")
    String reason;

    public SliceStopCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(STOP_SLICE.name(), STOP_SLIVER.name());
    }

    @Override
    public Integer call() {
        Object target = ArgumentText.convert(slice, STOP_SLICE.params().getFirst().type(), "SLICE");
        Object result;
        if (where.everywhere) {
            result = context.client(STOP_SLICE).call(STOP_SLICE.name(), target, reason);
        } else {
            Object node = ArgumentText.convert(where.node, STOP_SLIVER.params().get(1).type(), "--node");
            result = context.client(STOP_SLIVER).call(STOP_SLIVER.name(), target, node, reason);
        }
        if (context.json()) {
            context.print(result, Presentation.of(STOP_SLICE.returns()));
        } else {
            context.message(slice + " stopped " + (where.everywhere ? "on every node" : "on " + where.node));
        }
        return 0;
    }
}
