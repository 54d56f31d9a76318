package org.planetlab.cli.call;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.AnyType;
import org.planetlab.cli.command.ArgumentText;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pl call METHOD [ARG...]}: calls any method with JSON arguments (after auth, which pl
 * adds); a word that is not JSON is taken as a string. The escape hatch for what the other
 * commands do not say, or for methods a newer PLC offers.
 */
@Command(name = "call", header = "Calls any API method with JSON arguments.",
        description = {"Calls METHOD with the given arguments, after the auth struct, which pl adds from the"
                + " configured credentials. Each ARG is JSON (123, true, null, \"text\", [1,2], {\"name\": \"x\"}); a"
                + " bare word that is not JSON is taken as a string.",
                "", "Examples:", "  pl call GetSites '{\"login_base\": \"princeton\"}' '[\"name\", \"max_slices\"]'",
                "  pl call AddSliceTag princeton_codeen cpu_share '\"4\"'",
                "", "See `pl methods` for the methods and `pl methods METHOD` for a method's parameters."})
public final class CallCommand implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "METHOD", description = "The method, e.g. GetSites.")
    String method;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARG", description = "Its arguments after auth, as JSON.")
    List<String> arguments = List.of();

    public CallCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public Integer call() {
        List<Object> values = arguments.stream().map(ArgumentText::jsonOrString).toList();
        Optional<MethodSpec> spec = MethodCatalog.lookup(method);
        PlcClient client = spec.isPresent() ? context.client(spec.get()) : context.connection().client();
        Object result = client.callWith(method, values);
        context.print(result, Presentation.of(spec.map(MethodSpec::returns).orElse(new AnyType("a value"))));
        return 0;
    }
}
