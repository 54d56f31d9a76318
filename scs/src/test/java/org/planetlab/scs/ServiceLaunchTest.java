package org.planetlab.scs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.planetlab.api.scs.ScsSettings;

/** The node agent starts this process by its main class's name; a renamed or moved class must fail here, not on a node. */
class ServiceLaunchTest {
    @Test
    void theAgentStartsThisServicesMainClass() throws Exception {
        assertThat(ScsMain.class.getName()).isEqualTo(ScsSettings.MAIN_CLASS);
        assertThat(Class.forName(ScsSettings.MAIN_CLASS).getMethod("main", String[].class)).isNotNull();
    }
}
