package org.planetlab.cli;

import org.planetlab.cli.boot.NodeSignedAction;
import org.planetlab.cli.command.CommandGroup;
import org.planetlab.cli.command.Verb;

/**
 * {@code pl boot}: the boot server's methods, called as a node with the request signature of its
 * {@code plnode.txt}, for looking at a node's boot conversation from the node.
 */
final class BootCommands {
    private BootCommands() {}

    static CommandGroup group() {
        NodeSignedAction asNode = new NodeSignedAction();
        return CommandGroup.of("boot", "The boot server, as a node sees it (requests signed with its plnode.txt).")
                .verb(Verb.of("details", "BootGetNodeDetails").extras(NodeSignedAction.PLNODE).action(asNode))
                .verb(Verb.of("report", "BootUpdateNode").extras(NodeSignedAction.PLNODE).action(asNode))
                .verb(Verb.of("certificate", "BootIssueCertificate").fromFile("public_key")
                        .extras(NodeSignedAction.PLNODE).action(asNode))
                .verb(Verb.of("tls-certificate", "BootIssueTlsCertificate").fromFile("public_key")
                        .extras(NodeSignedAction.PLNODE).action(asNode))
                .verb(Verb.of("runlevel", "ReportRunlevel").extras(NodeSignedAction.PLNODE).action(asNode))
                .verb(Verb.of("notify-owners", "BootNotifyOwners").extras(NodeSignedAction.PLNODE).action(asNode));
    }
}
