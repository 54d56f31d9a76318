package org.planetlab.cli.ssh;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.client.RequestSigner;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.IoCauses;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.cli.command.CommandContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pl ssh SLICE NODE [COMMAND...]}: runs the system's {@code ssh} into the slice's sliver on
 * a node: as the slice's name, at the node's registered address, with the given key. Nodes' host
 * keys are not published by PLC, so the first connection to a node records its key (OpenSSH's
 * accept-new) in a known_hosts file of pl's own for that PLC ({@link HostKeyPins}), and every later
 * connection through the same PLC must present the same key.
 */
@Command(name = "ssh", header = "Logs into a slice's sliver on a node with the system's ssh.",
        description = {"Runs ssh SLICE@ADDRESS, the address being the one PLC registered for the node. The node's host key is"
                + " trusted on first use and pinned afterwards in a known_hosts file for the configured PLC, under"
                + " ~/.local/state/planetlab/known_hosts.d/ (a changed key is refused; another PLC, such as a rebuilt"
                + " testbed, has its own pins). The exit code is ssh's."})
public final class SshCommand implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "SLICE", description = "the slice, e.g. princeton_codeen or plc.princeton.codeen")
    String slice;

    @Parameters(index = "1", paramLabel = "NODE", description = "the node's host name or address")
    String node;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "COMMAND", description = "a command to run instead of a shell")
    List<String> command;

    @Option(names = {"-i", "--key"}, paramLabel = "FILE", description = "the private key to log in with (default: ssh's own)")
    Path key;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "where node host keys are pinned (default: the configured PLC's file"
            + " under ~/.local/state/planetlab/known_hosts.d/)")
    Path knownHosts;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "the port of the node's SSH gateway (default 22)")
    int port;

    @Option(names = "-t", description = "force a terminal (ssh -t), e.g. for a program that needs one")
    boolean terminal;

    public SshCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw context.usageError("--port must be between 1 and 65535, not " + port);
        }
        List<String> words = command(sliverUser(slice), address(), port, knownHosts(), key, terminal, command == null ? List.of() : command);
        try {
            Process ssh = new ProcessBuilder(words).inheritIO().start();
            return ssh.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ssh (install openssh-client): " + IoCauses.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The ssh command line. */
    static List<String> command(String user, String address, int port, Path knownHosts, Path key, boolean terminal, List<String> command) {
        List<String> words = new ArrayList<>(List.of("ssh", "-o", "StrictHostKeyChecking=accept-new", "-o",
                "UserKnownHostsFile=" + knownHosts, "-o", "HashKnownHosts=no"));
        if (port > 0) {
            words.addAll(List.of("-p", Integer.toString(port)));
        }
        if (key != null) {
            words.addAll(List.of("-i", key.toString(), "-o", "IdentitiesOnly=yes"));
        }
        if (terminal) {
            words.add("-t");
        }
        words.add(user + "@" + address);
        if (!command.isEmpty()) {
            words.add("--");
            words.addAll(command);
        }
        return words;
    }

    /** The login name of a slice on nodes: its PLCAPI name ({@code plc.princeton.codeen} is {@code princeton_codeen}). */
    static String sliverUser(String slice) {
        String[] parts = slice.split("\\.");
        if (parts.length >= 3) {
            return parts[parts.length - 2] + "_" + parts[parts.length - 1];
        }
        if (!slice.matches("[a-z0-9][a-z0-9_.-]{0,62}")) {
            throw PlanetLabException.invalidArgument("'" + slice + "' is not a slice name");
        }
        return slice;
    }

    private String address() {
        if (node.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return node;
        }
        var connection = context.anonymousConnection();
        var plc = connection.client(new Credentials.Anonymous(), RequestSigner.NONE);
        List<?> nodes = (List<?>) plc.call("GetNodes", List.of(node), List.of("interface_ids"));
        if (nodes.isEmpty()) {
            throw PlanetLabException.notFound("PLC knows no node " + node);
        }
        List<?> interfaces = (List<?>) ((Map<?, ?>) nodes.getFirst()).get("interface_ids");
        for (Object row : (List<?>) plc.call("GetInterfaces", interfaces, List.of("ip", "is_primary"))) {
            Map<?, ?> address = (Map<?, ?>) row;
            if (Boolean.TRUE.equals(address.get("is_primary")) && address.get("ip") != null) {
                return (String) address.get("ip");
            }
        }
        return node;
    }

    private Path knownHosts() {
        if (knownHosts != null) {
            return knownHosts;
        }
        Map<String, String> environment = context.terminal().environment();
        String state = environment.get("XDG_STATE_HOME");
        Path directory = state != null && !state.isBlank() ? Path.of(state, "planetlab")
                : Path.of(environment.getOrDefault("HOME", "."), ".local", "state", "planetlab");
        return HostKeyPins.of(directory, configuredPlc(), context.resolver().certificateAuthority(context.request()))
                .createDirectory().file();
    }

    /** The PLC address, if one is configured; ssh to a node given by address needs none. */
    private Optional<URI> configuredPlc() {
        try {
            return Optional.of(context.resolver().url(context.request()));
        } catch (PlanetLabException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
