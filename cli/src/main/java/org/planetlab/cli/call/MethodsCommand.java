package org.planetlab.cli.call;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.Callable;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pl methods [METHOD] [--signatures]}: asks the server which methods it offers
 * (system.listMethods), a method's help (system.methodHelp) or its signatures
 * (system.methodSignature).
 */
@Command(name = "methods", header = "Lists the server's methods, or shows one method's help.",
        description = {"Without METHOD: every method the server offers (system.listMethods). With METHOD: its help"
                + " (system.methodHelp), or with --signatures its XML-RPC signatures (system.methodSignature).", "",
                "API method: system.listMethods() -> array, system.methodHelp(method) -> string or"
                        + " system.methodSignature(method) -> array"})
public final class MethodsCommand implements Callable<Integer>, CallsMethods {
    private final CommandContext context;

    @Parameters(index = "0", arity = "0..1", paramLabel = "METHOD", description = "A method name, e.g. AddSlice.")
    String method;

    @Option(names = "--signatures", description = "Show the method's signatures instead of its help.")
    boolean signatures;

    public MethodsCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of("system.listMethods", "system.methodHelp", "system.methodSignature");
    }

    @Override
    public Integer call() {
        PlcClient client = context.connection().client();
        String name = method == null ? "system.listMethods" : signatures ? "system.methodSignature" : "system.methodHelp";
        if (method == null && signatures) {
            throw context.usageError("--signatures needs a METHOD");
        }
        MethodSpec spec = MethodCatalog.lookup(name).orElseThrow();
        Object result = method == null ? client.call(name) : client.call(name, method);
        if (signatures && !context.json() && result instanceof List<?> list) {
            list.forEach(signature -> context.terminal().out().println(describe(signature)));
            context.terminal().out().flush();
            return 0;
        }
        context.print(result, Presentation.of(spec.returns()));
        return 0;
    }

    private String describe(Object signature) {
        if (!(signature instanceof List<?> types) || types.isEmpty()) {
            return String.valueOf(signature);
        }
        List<String> names = types.stream().map(String::valueOf).toList();
        return names.getFirst() + " " + method + "(" + String.join(", ", names.subList(1, names.size())) + ")";
    }
}
