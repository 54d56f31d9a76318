package org.planetlab.cli.ticket;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.planetlab.api.client.Credentials;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.config.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pl ticket redeem TICKET NODE...}: presents the ticket with the SSH keys to install to
 * every node in parallel; keeps the leases, and the nodes that could not be reached for retry.
 */
@Command(name = "redeem", header = "Redeems a ticket on nodes, in parallel: each creates the sliver at once and answers a lease.",
        description = {"Presents the ticket and your SSH public keys to each node's slice creation service (HTTPS, port 8812,"
                + " certified by PLC's CA), with a proof that you hold an SSH key the ticket names: the node's one-time challenge"
                + " signed with ssh-keygen -Y sign (--identity). Leases are kept next to the ticket; nodes that could not be reached are kept for"
                + " pl ticket retry. A node that already holds a lease for the slice renews it to the ticket's end.",
                "A node is a host name (its address is looked up at PLC), an address, or ADDRESS:PORT."})
public final class TicketRedeemCommand implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "TICKET", description = "the ticket file (from pl ticket get)")
    Path ticketFile;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NODE", description = "nodes to redeem it on")
    List<String> nodes;

    @Option(names = "--key", paramLabel = "FILE.pub", description = "an SSH public key to install (repeatable; default ~/.ssh/id_ed25519.pub"
            + " or ~/.ssh/id_rsa.pub)")
    List<Path> keys;

    @Option(names = "--identity", paramLabel = "FILE", description = "the SSH private key (or its .pub, with the key in ssh-agent) that"
            + " proves you are a principal of the ticket; default ~/.ssh/id_ed25519 or ~/.ssh/id_rsa")
    Path identity;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "where tickets and leases are kept (default ~/.local/state/planetlab/tickets)")
    Path stateDirectory;

    public TicketRedeemCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        TicketStore store = TicketStore.of(stateDirectory, context.terminal().environment());
        TicketStore.Entry entry = store.saveFile(ticketFile);
        store.saveKeys(entry, publicKeys());
        List<Redemptions.Outcome> outcomes = redemptions(context, store, identity).redeem(entry, nodes, "RedeemTicket");
        return Redemptions.report(outcomes, context.terminal().out(), context.terminal().err());
    }

    static Redemptions redemptions(CommandContext context, TicketStore store, Path identity) {
        Connection connection = context.anonymousConnection();
        return new Redemptions(new NodeEndpoints(connection.http(), connection.client(new Credentials.Anonymous(),
                org.planetlab.api.client.RequestSigner.NONE)), store, SshKeygenSigner.of(identity, context.terminal().environment()));
    }

    private List<String> publicKeys() {
        List<Path> files = keys;
        if (files == null || files.isEmpty()) {
            String home = context.terminal().environment().get("HOME");
            files = home == null ? List.of() : List.of(Path.of(home, ".ssh", "id_ed25519.pub"), Path.of(home, ".ssh", "id_rsa.pub"))
                    .stream().filter(Files::isRegularFile).limit(1).toList();
            if (files.isEmpty()) {
                context.message("no --key given and no ~/.ssh/id_ed25519.pub: the slivers get no key to log in with");
            }
        }
        List<String> lines = new ArrayList<>();
        for (Path file : files) {
            String key = TicketStore.read(file).strip();
            if (key.contains("PRIVATE KEY")) {
                throw context.usageError(file + " is a private key; give the public key (FILE.pub)");
            }
            lines.addAll(key.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
        }
        return lines;
    }
}
