package org.planetlab.cli.ticket;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.planetlab.cli.command.CommandContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pl ticket retry [SLICE]}: redeems kept tickets on the nodes that could not be reached before. */
@Command(name = "retry", header = "Redeems kept tickets again on the nodes that could not be reached.",
        description = "For every ticket in the store (of SLICE, if given) with nodes left to redeem on, redeems it on them in parallel.")
public final class TicketRetryCommand implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SLICE", description = "only this slice's tickets (hierarchical name, e.g. plc.princeton.codeen)")
    String slice;

    @Option(names = "--identity", paramLabel = "FILE", description = "the SSH private key (or its .pub, with the key in ssh-agent) that"
            + " proves you are a principal of the ticket; default ~/.ssh/id_ed25519 or ~/.ssh/id_rsa")
    Path identity;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "where tickets and leases are kept (default ~/.local/state/planetlab/tickets)")
    Path stateDirectory;

    public TicketRetryCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        TicketStore store = TicketStore.of(stateDirectory, context.terminal().environment());
        List<TicketStore.Entry> pending = store.pending(Optional.ofNullable(slice));
        if (pending.isEmpty()) {
            context.message("nothing to retry in " + store.root());
            return TicketCommands.ALL_REDEEMED;
        }
        Redemptions redemptions = TicketRedeemCommand.redemptions(context, store, identity);
        List<Redemptions.Outcome> outcomes = new ArrayList<>();
        for (TicketStore.Entry entry : pending) {
            context.message("ticket " + entry.ticketId() + " of " + entry.slice() + ":");
            outcomes.addAll(redemptions.redeem(entry, store.unredeemed(entry), "RedeemTicket"));
        }
        return Redemptions.report(outcomes, context.terminal().out(), context.terminal().err());
    }
}
