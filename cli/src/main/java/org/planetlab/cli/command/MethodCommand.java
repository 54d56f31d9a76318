package org.planetlab.cli.command;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The body of a command made from a method: gathers the method's arguments from the parsed
 * command line, runs the action and prints the result (for methods that only answer 1, a
 * message instead).
 */
final class MethodCommand implements Callable<Integer>, CallsMethods {
    private final CommandContext context;
    private final Verb verb;
    private final List<Function<CommandContext, Object>> sources = new ArrayList<>();
    private CommandSpec spec;

    MethodCommand(CommandContext context, Verb verb) {
        this.context = requireNonNull(context, "context is null");
        this.verb = requireNonNull(verb, "verb is null");
    }

    /** Adds the source of the next parameter's value; it yields null when the argument was not given. */
    void addSource(Function<CommandContext, Object> source) {
        sources.add(source);
    }

    void attach(CommandSpec commandSpec) {
        this.spec = commandSpec;
    }

    @Override
    public List<String> methods() {
        List<String> methods = new ArrayList<>(List.of(verb.method().name()));
        if (verb.action() instanceof CallsMethods more) {
            methods.addAll(more.methods());
        }
        return methods;
    }

    @Override
    public Integer call() {
        List<Object> arguments = new ArrayList<>();
        int given = 0;
        for (Function<CommandContext, Object> source : sources) {
            Object value = source.apply(context);
            arguments.add(value);
            if (value != null) {
                given = arguments.size();
            }
        }
        int required = verb.method().requiredParamCount();
        // Optional parameters left out at the end are not sent at all.
        List<Object> sent = arguments.subList(0, Math.max(required, given));
        MethodSpec method = verb.method();
        Object result = verb.action().run(new Invocation(context, method, sent, spec));
        if (!context.json() && Arguments.ONE.equals(method.returns()) && Long.valueOf(1).equals(result)) {
            context.message(method.name() + ": done");
        } else {
            context.print(result, Presentation.of(method.returns()));
        }
        return 0;
    }
}
