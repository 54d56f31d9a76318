package org.planetlab.cli.command;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A group of commands about one kind of object, e.g. {@code pl site add|list|show|update|delete}.
 * Run without a subcommand it is a usage error that lists them.
 */
public final class CommandGroup implements CommandFactory {
    private final String name;
    private final String description;
    private final List<String> columns;
    private final List<CommandFactory> commands = new ArrayList<>();

    private CommandGroup(String name, String description, List<String> columns) {
        this.name = requireNonNull(name, "name is null");
        this.description = requireNonNull(description, "description is null");
        this.columns = List.copyOf(columns);
    }

    /** A group whose list tables show {@code columns} by default. */
    public static CommandGroup of(String name, String description, String... columns) {
        return new CommandGroup(name, description, List.of(columns));
    }

    /** A command made from a method. */
    public CommandGroup verb(Verb verb) {
        commands.add(MethodCommands.factory(verb));
        return this;
    }

    /** A command made from a method, with the method's own argument order. */
    public CommandGroup verb(String verb, String method) {
        return verb(Verb.of(verb, method));
    }

    /** {@code list} and {@code show} of a Get method. */
    public CommandGroup listAndShow(String method) {
        commands.add(ListCommand.list("list", method, columns));
        commands.add(ListCommand.show("show", method));
        return this;
    }

    /** A command written by hand. */
    public CommandGroup command(CommandFactory factory) {
        commands.add(factory);
        return this;
    }

    /** A command written by hand as a picocli-annotated class taking the context. */
    public CommandGroup annotated(Function<CommandContext, Object> command) {
        return command(annotatedFactory(command));
    }

    /** The factory of a picocli-annotated command class taking the context. */
    public static CommandFactory annotatedFactory(Function<CommandContext, Object> command) {
        return context -> context.decorate(CommandSpec.forAnnotatedObject(command.apply(context)));
    }

    @Override
    public CommandSpec create(CommandContext context) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
            throw context.usageError("pl " + name + " needs a subcommand: " + String.join(", ",
                    context.current().map(line -> line.getSubcommands().keySet()).orElse(java.util.Set.of())));
        });
        spec.name(name);
        spec.usageMessage().description(HelpText.literal(description));
        for (CommandFactory factory : commands) {
            CommandSpec command = factory.create(context);
            spec.addSubcommand(command.name(), new CommandLine(command));
        }
        return context.decorate(spec);
    }
}
