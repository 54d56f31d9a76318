package org.planetlab.cli.node;

import java.util.List;
import org.planetlab.cli.command.Action;
import org.planetlab.cli.command.CallsMethods;
import org.planetlab.cli.command.ExtraOption;
import org.planetlab.cli.command.Invocation;

/**
 * {@code pl node reboot NODE [--pcu]}: RebootNode sends the node a ping of death; with
 * {@code --pcu}, RebootNodeWithPCU power cycles it through the power control unit it is wired to,
 * for a node too far gone to hear a ping of death.
 */
public final class NodeRebootAction implements Action, CallsMethods {
    public static final ExtraOption PCU = ExtraOption.flag("--pcu",
            "Power cycle the node through its power control unit (RebootNodeWithPCU) instead of a ping of death.");

    @Override
    public List<String> methods() {
        return List.of("RebootNodeWithPCU");
    }

    @Override
    public Object run(Invocation invocation) {
        Object node = invocation.arguments().getFirst();
        if (invocation.flag(PCU.name())) {
            Object result = invocation.client().call("RebootNodeWithPCU", node);
            invocation.context().message("node " + node + " power cycled through its PCU");
            return result;
        }
        Object result = invocation.call();
        invocation.context().message("ping of death sent to node " + node + "; it reboots once it has verified it");
        return result;
    }
}
