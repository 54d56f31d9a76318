package org.planetlab.cli.call;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.client.Credentials;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.wire.XmlRpcFaults;
import org.planetlab.cli.command.ArgumentText;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.config.Connection;
import org.planetlab.cli.exit.ExitCode;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pl batch FILE}: runs many calls in one request (system.multicall). Each call runs on its
 * own; the exit code is 0 if all succeeded, else that of the first failure.
 */
@Command(name = "batch", header = "Runs many calls in one request.",
        description = {"Reads a JSON array of calls, each {\"method\": \"AddNode\", \"params\": [...]} with the"
                + " parameters after auth, adds the auth of the configured credentials to each, and runs them with"
                + " system.multicall. Each call succeeds or fails on its own. The exit code is that of the first"
                + " failed call.",
                "", "Example file:",
                "  [{\"method\": \"UpdateNode\", \"params\": [\"n1.example.org\", {\"boot_state\": \"boot\"}]},",
                "   {\"method\": \"UpdateNode\", \"params\": [\"n2.example.org\", {\"boot_state\": \"boot\"}]}]",
                "", "API method: system.multicall(calls) -> array"})
public final class BatchCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec MULTICALL = MethodCatalog.lookup("system.multicall").orElseThrow();

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "FILE", description = "The calls, as JSON; - reads standard input.")
    String file;

    public BatchCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(MULTICALL.name());
    }

    @Override
    public Integer call() {
        Connection connection = context.connection();
        List<Object> calls = calls(read(), connection.credentials());
        Object result = connection.client().call(MULTICALL.name(), calls);
        List<?> outcomes = result instanceof List<?> list ? list : List.of();
        if (context.json()) {
            context.print(result, Presentation.of(MULTICALL.returns()));
        } else {
            context.print(rows(calls, outcomes), Presentation.of(MULTICALL.returns()));
        }
        for (Object outcome : outcomes) {
            var fault = XmlRpcFaults.fromStruct(outcome);
            if (fault.isPresent()) {
                return ExitCode.of(XmlRpcFaults.code(fault.get())).number();
            }
        }
        return 0;
    }

    private String read() {
        try {
            return file.equals("-") ? new String(context.terminal().in().readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw context.usageError("cannot read the calls from " + file + ": " + e.getMessage());
        }
    }

    private List<Object> calls(String text, Credentials credentials) {
        if (!(ArgumentText.jsonOrString(text) instanceof List<?> list)) {
            throw context.usageError(file + ": expected a JSON array of {\"method\": NAME, \"params\": [...]}");
        }
        List<Object> calls = new ArrayList<>();
        for (int index = 0; index < list.size(); index++) {
            if (!(list.get(index) instanceof Map<?, ?> call) || !(method(call) instanceof String name)
                    || !(params(call) instanceof List<?> params)) {
                throw context.usageError(file + ": call " + index + " is not {\"method\": NAME, \"params\": [...]}");
            }
            List<Object> withAuth = new ArrayList<>();
            if (!name.startsWith("system.")) {
                withAuth.add(credentials.authStruct());
            }
            withAuth.addAll(params);
            Map<String, Object> wire = new LinkedHashMap<>();
            wire.put("methodName", name);
            wire.put("params", withAuth);
            calls.add(wire);
        }
        return calls;
    }

    private static Object params(Map<?, ?> call) {
        return call.containsKey("params") ? call.get("params") : List.of();
    }

    private static Object method(Map<?, ?> call) {
        return call.containsKey("method") ? call.get("method") : call.get("methodName");
    }

    private static List<Map<String, Object>> rows(List<Object> calls, List<?> outcomes) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int index = 0; index < outcomes.size(); index++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("call", (long) index);
            row.put("method", ((Map<?, ?>) calls.get(index)).get("methodName"));
            Object outcome = outcomes.get(index);
            if (outcome instanceof List<?> success && success.size() == 1) {
                row.put("result", success.getFirst());
            } else if (outcome instanceof Map<?, ?> fault) {
                row.put("result", "error " + fault.get("faultCode") + ": " + fault.get("faultString"));
            } else {
                row.put("result", outcome);
            }
            rows.add(row);
        }
        return rows;
    }
}
