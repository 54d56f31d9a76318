package org.planetlab.cli.ticket;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.planetlab.cli.command.CommandContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pl ticket release TICKET NODE...}: ends the slice's leases on the nodes; their slivers are destroyed. */
@Command(name = "release", header = "Releases a slice's leases on nodes: their slivers are destroyed.",
        description = "Presents the ticket (proof of the right to the slice) to each node in parallel, asking it to end the lease.")
public final class TicketReleaseCommand implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "TICKET", description = "a ticket of the slice")
    Path ticketFile;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NODE", description = "nodes to release it on")
    List<String> nodes;

    @Option(names = "--identity", paramLabel = "FILE", description = "the SSH private key (or its .pub, with the key in ssh-agent) that"
            + " proves you are a principal of the ticket; default ~/.ssh/id_ed25519 or ~/.ssh/id_rsa")
    Path identity;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "where tickets and leases are kept (default ~/.local/state/planetlab/tickets)")
    Path stateDirectory;

    public TicketReleaseCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        TicketStore store = TicketStore.of(stateDirectory, context.terminal().environment());
        TicketStore.Entry entry = store.saveFile(ticketFile);
        return Redemptions.report(TicketRedeemCommand.redemptions(context, store, identity).release(entry, nodes), context.terminal().out(),
                context.terminal().err());
    }
}
