package org.planetlab.node.privileged;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.NodeAgent;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.node.config.NodeAgentConfigLoader;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.manager.Caller;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/**
 * A node agent that creates and destroys slivers without pause until it is killed: what the
 * crash test SIGKILLs at random moments. Prints "ready" on standard error once started.
 *
 * <p>Arguments: config file, random seed.
 */
public final class ChurningAgentMain {
    private ChurningAgentMain() {}

    public static void main(String[] arguments) {
        NodeAgentConfig config = NodeAgentConfigLoader.load(Path.of(arguments[0]));
        Random random = new Random(Long.parseLong(arguments[1]));
        NodeAgent agent = new NodeAgent(config, ignored -> new NamespaceOnlyNetwork(config.prefix()), HostCommand.onHost());
        agent.start();
        System.err.println("ready");
        System.err.flush();
        while (true) {
            List<VmRecord> live = agent.manager().recordedVms().stream()
                    .filter(vm -> !vm.ownerVm() && vm.phase() != VmPhase.DESTROYING).toList();
            if (live.size() < 4 || (live.size() < 8 && random.nextBoolean())) {
                String name = "churn_" + random.nextInt(1000);
                if (live.stream().noneMatch(vm -> vm.name().equals(name))) {
                    String rcap = agent.manager().createPool(Caller.HOST_ROOT,
                            new Rspec(Map.of(RspecAttribute.BOOTSCRIPT, "sleep 600 &"), List.of(), "", ""), "plc.scs");
                    agent.manager().bind(rcap, name, Rspec.EMPTY);
                }
            } else {
                agent.manager().destroyVm(Caller.HOST_ROOT, live.get(random.nextInt(live.size())).name());
            }
        }
    }
}
