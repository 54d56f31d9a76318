package org.planetlab.cli.command;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.method.MethodSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One run of a method command: the method, its arguments converted from the command line (nil
 * where an optional one was left out before a given one), and the parsed command for the
 * action's own options.
 */
public final class Invocation {
    private final CommandContext context;
    private final MethodSpec method;
    private final List<Object> arguments;
    private final CommandSpec spec;

    Invocation(CommandContext context, MethodSpec method, List<Object> arguments, CommandSpec spec) {
        this.context = requireNonNull(context, "context is null");
        this.method = requireNonNull(method, "method is null");
        // Arguments may be nil, which List.copyOf refuses.
        this.arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
        this.spec = requireNonNull(spec, "spec is null");
    }

    public CommandContext context() {
        return context;
    }

    public MethodSpec method() {
        return method;
    }

    public List<Object> arguments() {
        return arguments;
    }

    /** The value of one of the action's own options; null if not given. */
    public String option(String name) {
        OptionSpec option = spec.findOption(name);
        return option == null ? null : option.getValue();
    }

    /** Whether a flag of the action's own options was given. */
    public boolean flag(String name) {
        OptionSpec option = spec.findOption(name);
        return option != null && Boolean.TRUE.equals(option.getValue());
    }

    public PlcClient client() {
        return context.client(method);
    }

    /** Calls the method with the arguments. */
    public Object call() {
        return client().callWith(method.name(), arguments);
    }
}
