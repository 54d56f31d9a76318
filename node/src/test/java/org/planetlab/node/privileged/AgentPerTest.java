package org.planetlab.node.privileged;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Privileged tests that each want a fresh node agent: {@link #node} is started before every test
 * and closed after it, also when the test fails (its namespaces, mounts and cgroups go with it).
 */
abstract class AgentPerTest {
    /** This test's agent. */
    protected TestingNodeAgent node;

    @BeforeEach
    final void startAgent() {
        node = TestingNodeAgent.start();
    }

    @AfterEach
    final void stopAgent() {
        if (node != null) {
            node.close();
            node = null;
        }
    }
}
