package org.planetlab.cli.ticket;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.trust.ticket.Ticket;
import org.planetlab.trust.ticket.TicketXml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pl ticket get SLICE}: GetSliceTicket, kept in the ticket store; prints the ticket's file. */
@Command(name = "get", header = "Gets a slice's ticket from PLC and keeps it for redeeming.",
        description = {"Calls GetSliceTicket and stores the signed ticket in the ticket store (--state-dir). Prints the ticket"
                + " file, to give to pl ticket redeem.", "", "API method: GetSliceTicket(auth, slice, {nodes, any_node, valid_seconds})"})
public final class TicketGetCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec METHOD = MethodCatalog.lookup("GetSliceTicket").orElseThrow();

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "SLICE", description = "the slice, e.g. princeton_codeen or plc.princeton.codeen")
    String slice;

    @Option(names = "--nodes", split = ",", paramLabel = "HOSTNAME", description = "nodes the ticket may be redeemed on (default: the slice's)")
    List<String> nodes;

    @Option(names = "--any-node", description = "a ticket any node trusting PLC may redeem")
    boolean anyNode;

    @Option(names = "--valid", paramLabel = "SECONDS", description = "how long the ticket is valid (PLC's default: a day, at most a week)")
    Long validSeconds;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "where tickets and leases are kept (default ~/.local/state/planetlab/tickets)")
    Path stateDirectory;

    public TicketGetCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(METHOD.name());
    }

    @Override
    public Integer call() {
        if (anyNode && nodes != null) {
            throw context.usageError("give --nodes or --any-node, not both");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        if (nodes != null) {
            options.put("nodes", nodes);
        }
        if (anyNode) {
            options.put("any_node", true);
        }
        if (validSeconds != null) {
            options.put("valid_seconds", validSeconds);
        }
        TicketStore store = TicketStore.of(stateDirectory, context.terminal().environment());
        String xml = (String) context.client(METHOD).call(METHOD.name(), slice, options.isEmpty() ? null : options);
        Ticket ticket = TicketXml.parse(xml).ticket();
        TicketStore.Entry entry = store.save(ticket.sliceName(), ticket.id(), xml);
        context.terminal().out().println(entry.ticket());
        context.terminal().out().flush();
        context.message("ticket " + ticket.id() + " for " + ticket.sliceName() + ", valid until " + ticket.validity().notAfter());
        return 0;
    }
}
