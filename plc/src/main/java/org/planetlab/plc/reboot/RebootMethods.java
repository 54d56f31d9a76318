package org.planetlab.plc.reboot;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.node.NodeRef;

/**
 * RebootNode, RebootNodeWithPCU and the console logs nodes upload. The work runs before the call's transaction (a PCU may take
 * seconds), recording itself through {@link RebootService}; the call's own transaction then has
 * nothing left to do and writes no second event.
 */
public final class RebootMethods {
    private final RebootService reboots;
    private final ConsoleService consoles;

    public RebootMethods(RebootService reboots, ConsoleService consoles) {
        this.reboots = requireNonNull(reboots, "reboots is null");
        this.consoles = requireNonNull(consoles, "consoles is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("RebootNode", (caller, args) -> reboots.rebootNode(caller, node(args.get(0))), RebootMethods::done)
                .bind("RebootNodeWithPCU", (caller, args) -> reboots.rebootNodeWithPcu(caller, node(args.get(0)),
                        args.size() > 1 && Boolean.TRUE.equals(args.get(1))), RebootMethods::done)
                .bind("ReportConsoleLog", call -> {
                    Map<String, Object> console = call.structArg(0);
                    consoles.report(call.mutation(), (Long) console.get("boot_started"), (String) console.get("text"));
                    return 1L;
                })
                .bind("GetNodeConsoleLogs", call -> consoles.consoles(call.db(), call.caller(), node(call.arg(0))));
    }

    private static Object done(Call call) {
        call.mutation().quietIfUnchanged();
        return 1L;
    }

    private static NodeRef node(Object wire) {
        return wire instanceof Long id ? NodeRef.of(id) : NodeRef.of((String) wire);
    }
}
