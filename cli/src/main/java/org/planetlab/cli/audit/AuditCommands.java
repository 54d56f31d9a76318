package org.planetlab.cli.audit;

import org.planetlab.cli.command.CommandGroup;
import org.planetlab.cli.command.Verb;

/**
 * {@code pl audit}: PLC's flow archive. {@code who} answers "who sent this?", {@code slice} shows
 * one slice's traffic, {@code top} the slices with the most; {@code contacts} and {@code upload}
 * are what nodes call, there for operators to check by hand.
 */
public final class AuditCommands {
    private AuditCommands() {}

    public static CommandGroup group() {
        return CommandGroup.of("audit", "Flow auditing: which slice sent traffic, and who answers for it.")
                .annotated(AuditWhoCommand::new)
                .annotated(AuditSliceCommand::new)
                .verb("top", "GetTopTalkers")
                .verb("contacts", "GetSliceContacts")
                .verb("upload", "UploadFlows");
    }
}
