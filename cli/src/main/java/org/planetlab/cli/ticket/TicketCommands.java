package org.planetlab.cli.ticket;

import org.planetlab.cli.command.CommandFactory;
import org.planetlab.cli.command.CommandGroup;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pl ticket get|redeem|retry|release}: the delegated way to put a slice on nodes
 * (Architecture §4.7): a ticket signed by PLC's slice authority, presented by the user to each
 * node's slice creation service, which creates the sliver at once and answers a signed lease.
 *
 * <p>Besides the codes of {@link ExitCode}, redeeming on many nodes ends with
 * {@link #ALL_REDEEMED} (0), {@link #SOME_FAILED} or {@link #NONE_REDEEMED}, as the seed's service
 * manager did (2003 §4.2.4), so scripts can tell a partial success from a failure.
 */
public final class TicketCommands {
    /** Every node redeemed the ticket. */
    public static final int ALL_REDEEMED = 0;
    /** Some nodes redeemed it, some did not (those that could not be reached are kept for retry). */
    public static final int SOME_FAILED = 10;
    /** No node redeemed it. */
    public static final int NONE_REDEEMED = 11;

    private TicketCommands() {}

    public static CommandFactory group() {
        return CommandGroup.of("ticket", "Tickets: get a slice's ticket from PLC, redeem it on nodes directly (in parallel), retry the"
                        + " nodes that could not be reached, release. Tickets and leases are kept in ~/.local/state/planetlab/tickets.")
                .annotated(TicketGetCommand::new)
                .command(context -> withNodeCodes(CommandGroup.annotatedFactory(TicketRedeemCommand::new).create(context)))
                .command(context -> withNodeCodes(CommandGroup.annotatedFactory(TicketRetryCommand::new).create(context)))
                .command(context -> withNodeCodes(CommandGroup.annotatedFactory(TicketReleaseCommand::new).create(context)));
    }

    /**
     * States the exit codes of a command that calls many nodes. They go in the footer: the common
     * list above keeps its one-digit layout.
     */
    private static CommandSpec withNodeCodes(CommandSpec spec) {
        spec.usageMessage().footerHeading("%nWith many nodes:%n").footer(
                "  " + ALL_REDEEMED + "    every node did it",
                "  " + SOME_FAILED + "   some nodes did it, others failed (unreachable ones are kept for pl ticket retry)",
                "  " + NONE_REDEEMED + "   no node did it");
        return spec;
    }
}
