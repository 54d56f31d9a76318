package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.NodeAgent;
import org.planetlab.node.manager.Caller;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;

/** Privileged: a sliver's life on a real agent, across an agent restart and a node "reboot". */
@Privileged
class SliverLifecycleTest extends AgentPerTest {
    @Test
    void sliverRunsItsBootscriptAsPowerlessRootAndComesBackAfterRestartAndReboot() {
        node.createSliver("alpha_one", Map.of(RspecAttribute.BOOTSCRIPT, "echo started >> /root/boots"));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.sh("alpha_one", "cat /root/boots").output().contains("started"));

        TestingNodeAgent.Result identity = node.sh("alpha_one", "id -u; hostname; cat /proc/self/uid_map");
        assertThat(identity.output()).startsWith("0\nalpha_one\n").contains(Long.toString(node.config.uidBaseOf(1)));

        node.restart();
        assertThat(node.sh("alpha_one", "cat /root/boots").output()).isEqualTo("started\n");

        node.agent.shutDownNode();
        node.restart();
        await().atMost(Duration.ofSeconds(10)).until(() -> node.sh("alpha_one", "cat /root/boots").output().equals("started\nstarted\n"));
    }

    @Test
    void destroyIsAcknowledgedAtOnceAndRemovesEverything() {
        node.createSliver("beta_two");
        long started = System.nanoTime();
        node.agent.manager().destroyVm(Caller.HOST_ROOT, "beta_two");
        Duration acknowledged = Duration.ofNanos(System.nanoTime() - started);
        assertThat(acknowledged).isLessThan(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> node.agent.manager().recordedVms().stream().noneMatch(vm -> vm.name().equals("beta_two")));
        assertThat(node.network.existing()).noneMatch(name -> name.endsWith("beta_two"));
        assertThat(Files.exists(node.base.resolve("run/disk/slivers/beta_two"))).isFalse();
        assertThat(node.agent.manager().recordedVms()).extracting(vm -> vm.phase()).containsOnly(VmPhase.RUNNING);
    }

    @Test
    void aNodeShutDownRightAfterDestroysFinishesThemWithoutError() {
        List<String> names = List.of("delta_one", "delta_two", "delta_three");
        names.forEach(node::createSliver);
        names.forEach(name -> node.agent.manager().destroyVm(Caller.HOST_ROOT, name));
        node.agent.shutDownNode();
        for (String name : names) {
            assertThat(Files.exists(node.base.resolve("run/disk/slivers/" + name))).as(name + "'s disk").isFalse();
        }
        node.restart();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(node.agent.manager().recordedVms())
                .extracting(VmRecord::name).doesNotContainAnyElementsOf(names));
    }

    @Test
    void aSecondAgentOnTheSameStateIsRefusedAndTheFirstKeepsServing() {
        node.createSliver("gamma_three");
        NodeAgent second = node.anotherAgent();
        try {
            assertThatThrownBy(second::start).isInstanceOf(PlanetLabException.class)
                    .hasMessageContaining("is in use by another node agent (this process)");
        } finally {
            second.close();
        }
        assertThat(node.sh("gamma_three", "echo alive").output()).isEqualTo("alive\n");
        assertThat(node.agent.manager().recordedVms()).extracting(VmRecord::name).contains("gamma_three");
        assertThat(node.network.existing()).anyMatch(name -> name.endsWith("gamma_three"));
    }
}
