package org.planetlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.planetlab.cli.audit.AuditCommands;
import org.planetlab.cli.call.BatchCommand;
import org.planetlab.cli.call.CallCommand;
import org.planetlab.cli.call.MethodsCommand;
import org.planetlab.cli.cert.CertCommand;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.command.CommandFactory;
import org.planetlab.cli.command.CommandGroup;
import org.planetlab.cli.command.ListCommand;
import org.planetlab.cli.command.MethodCommands;
import org.planetlab.cli.command.Terminal;
import org.planetlab.cli.command.Verb;
import org.planetlab.cli.complaint.ComplaintCommands;
import org.planetlab.cli.exit.ExitCode;
import org.planetlab.cli.exit.Failures;
import org.planetlab.cli.exit.UsageErrors;
import org.planetlab.cli.release.ReleaseCommands;
import org.planetlab.cli.lease.LeaseCommands;
import org.planetlab.cli.session.SessionCheckCommand;
import org.planetlab.cli.session.SessionLoginCommand;
import org.planetlab.cli.session.SessionLogoutCommand;
import org.planetlab.cli.ssh.SshCommand;
import org.planetlab.cli.ticket.SliceStatusCommand;
import org.planetlab.cli.ticket.TicketCommands;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code pl}, the PlanetLab command-line client: the command tree, and how failures become the
 * exit codes of {@link ExitCode}.
 */
public final class Pl {
    private static final String VERSION = "pl " + (Pl.class.getPackage().getImplementationVersion() == null
            ? "0.1.0" : Pl.class.getPackage().getImplementationVersion());

    private Pl() {}

    /** The command line of one run, with its own context; build a new one for every run. */
    public static CommandLine commandLine(Terminal terminal) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        CommandContext context = new CommandContext(terminal, random);
        CommandSpec root = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
            throw context.usageError("a command is needed, e.g. pl site list; see pl --help");
        });
        root.name("pl").version(VERSION);
        root.usageMessage()
                .description("The PlanetLab client: calls PLC's API for every role (operator, PI, tech, user).",
                        "Settings come from options, then the environment (PL_URL, PL_USER, PL_PASSWORD, PL_SESSION, PL_CA_FILE,"
                                + " PL_ENCODING), then ~/.config/planetlab/pl.properties (or $PL_CONFIG).")
                .footerHeading("%n")
                .footer("Every command takes --help. Results go to standard output, messages to standard error.",
                        "See docs/cli.md for examples.");
        root.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print the version and exit.").build());
        context.decorate(root);
        for (CommandFactory factory : commands()) {
            CommandSpec command = factory.create(context);
            root.addSubcommand(command.name(), new CommandLine(command));
        }
        root.addSubcommand("cert", new CommandLine(new CertCommand(terminal.clock(), random)));
        root.addSubcommand("geni", new CommandLine(new org.planetlab.cli.geni.GeniCommand()));
        root.subcommands().get("slice").addSubcommand("status",
                new CommandLine(CommandGroup.annotatedFactory(SliceStatusCommand::new).create(context)));
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(terminal.out());
        commandLine.setErr(terminal.err());
        commandLine.setExecutionStrategy(parseResult -> {
            context.running(leaf(parseResult).commandSpec().commandLine());
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setParameterExceptionHandler(new UsageErrors(terminal.err()));
        commandLine.setExecutionExceptionHandler(new Failures(terminal.err()));
        return commandLine;
    }

    private static List<CommandFactory> commands() {
        List<CommandFactory> commands = new ArrayList<>(RegistryCommands.groups());
        commands.add(MethodCommands.factory(Verb.of("slivers", "GetSlivers").order("node_id_or_hostname")));
        commands.add(ListCommand.list("events", "GetEvents",
                List.of("event_id", "time", "person_id", "node_id", "call_name", "fault_code", "object_types",
                        "object_ids", "message")));
        commands.add(MethodCommands.factory(Verb.of("roles", "GetRoles")));
        commands.add(BootCommands.group());
        commands.add(CommandGroup.of("emergency", "The big red button: every slice on every node, for operators.")
                .verb("stop-all", "StopAllSlices")
                .verb("resume", "ResumeAllSlices"));
        commands.add(MethodCommands.factory(Verb.of("boot-states", "GetBootStates")));
        commands.add(CommandGroup.of("session", "Sessions: log in once, then call without the password.")
                .annotated(SessionLoginCommand::new)
                .annotated(SessionLogoutCommand::new)
                .annotated(SessionCheckCommand::new));
        commands.add(CommandGroup.annotatedFactory(MethodsCommand::new));
        commands.add(CommandGroup.annotatedFactory(CallCommand::new));
        commands.add(CommandGroup.annotatedFactory(BatchCommand::new));
        commands.add(TicketCommands.group());
        commands.add(CommandGroup.annotatedFactory(SshCommand::new));
        commands.add(AuditCommands.group());
        commands.add(ComplaintCommands.group());
        commands.add(ReleaseCommands.group());
        commands.add(LeaseCommands.group());
        commands.addAll(PlcapiCommands.groups());
        return commands;
    }

    private static CommandLine.ParseResult leaf(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult current = parseResult;
        while (current.hasSubcommand()) {
            current = current.subcommand();
        }
        return current;
    }
}
