package org.planetlab.cli.audit;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.planetlab.api.audit.AuditApi;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.cli.command.ArgumentText;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.CommandContext;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pl audit who --address A --from T --to T}: which slices sent traffic to an address, and who answers for them. */
@Command(name = "who", header = "Finds which slice sent traffic to an address, and who answers for it.",
        description = {"Asks PLC's flow archive for every node's flows to or from ADDRESS in the window, newest first,"
                + " and prints them, then each slice with its description, URL, site, users and PIs (operators also"
                + " see their mail addresses). Operators and PIs may ask.",
                "", "API method: WhoSentThis(auth, {remote_address, start, end, remote_port, protocol, node_id, limit})"})
public final class AuditWhoCommand implements Callable<Integer>, CallsMethods {
    private static final MethodSpec WHO_SENT_THIS = MethodCatalog.lookup("WhoSentThis").orElseThrow();

    private final CommandContext context;

    @Option(names = "--address", required = true, paramLabel = "ADDRESS",
            description = "The address that received the traffic, e.g. 192.0.2.7 or 2001:db8::7.")
    String address;

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "The window's start: 2025-07-01, 2025-07-01T12:00:00Z or seconds since 1970.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "The window's end, written like --from.")
    String to;

    @Option(names = "--port", paramLabel = "PORT", description = "Only flows to or from this port at ADDRESS.")
    Integer port;

    @Option(names = "--protocol", paramLabel = "PROTOCOL", description = "Only this protocol: tcp, udp, icmp, icmpv6 or a number.")
    String protocol;

    @Option(names = "--node", paramLabel = "NODE_ID", description = "Only flows of this node.")
    Long node;

    @Option(names = "--limit", paramLabel = "N", description = "The most flows to show (100 by default).")
    Long limit;

    public AuditWhoCommand(CommandContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    public List<String> methods() {
        return List.of(WHO_SENT_THIS.name());
    }

    @Override
    public Integer call() {
        Map<String, Object> question = new LinkedHashMap<>();
        question.put("remote_address", address);
        question.put("start", time(from, "--from"));
        question.put("end", time(to, "--to"));
        if (port != null) {
            question.put("remote_port", (long) port);
        }
        if (protocol != null) {
            question.put("protocol", (long) FlowRows.protocolNumber(protocol).orElseThrow(() -> context.usageError(
                    "--protocol: expected tcp, udp, icmp, icmpv6 or a number from 0 to 255, got '" + protocol + "'")));
        }
        if (node != null) {
            question.put("node_id", node);
        }
        if (limit != null) {
            question.put("limit", limit);
        }
        Object result = context.client(WHO_SENT_THIS).call(WHO_SENT_THIS.name(), question);
        if (context.json()) {
            context.print(result, Presentation.of(WHO_SENT_THIS.returns()));
            return 0;
        }
        Map<?, ?> answer = (Map<?, ?>) result;
        List<Map<String, Object>> flows = FlowRows.of(answer.get("flows"));
        if (flows.isEmpty()) {
            context.message("no flow to or from " + address + " in that window");
            return 0;
        }
        context.print(flows, new Presentation(ArrayType.of(new AnyType("flow")), FlowRows.COLUMNS));
        context.terminal().out().println();
        context.print(answer.get("slices"), Presentation.of(ArrayType.of(AuditApi.SLICE_CONTACT)));
        return 0;
    }

    private long time(String text, String option) {
        try {
            return ArgumentText.timestamp(text, option);
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw context.usageError(e.getMessage());
        }
    }
}
