package org.planetlab.cli.complaint;

import org.planetlab.cli.command.CommandGroup;

/**
 * {@code pl complaint}: complaints about slices' traffic, for operators and the slices' site PIs:
 * {@code list}, {@code show}, {@code close} (or mark answered), and {@code add} to file one.
 */
public final class ComplaintCommands {
    private ComplaintCommands() {}

    public static CommandGroup group() {
        return CommandGroup.of("complaint", "Complaints about slices' traffic: list, show, close.")
                .annotated(ComplaintListCommand::new)
                .annotated(ComplaintShowCommand::new)
                .annotated(ComplaintCloseCommand::new)
                .verb("add", "AddComplaint");
    }
}
