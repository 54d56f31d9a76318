package org.planetlab.node.privileged;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * Privileged: the isolation probes of {@link SliverIsolationTest}, run from slivers over the
 * Debian image nodes run by default (bash, util-linux, procps and apt instead of BusyBox): every
 * probe must be denied there too.
 */
@Privileged
class DebianSliverIsolationTest extends SliverIsolationTest {
    @BeforeAll
    static void createSlivers() throws IOException {
        createSlivers(Map.of("image-dir", TestingNodeAgent.debianImage().toString()));
    }
}
