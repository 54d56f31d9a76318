package org.planetlab.testbed;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.planetlab.node.host.HostCommand;

class ReleaseChecksTest {
    @Test
    void releaseChecksLessThanASecondApartAreRefused() {
        Testbed testbed = new Testbed(Path.of("."), HostCommand.onHost());

        assertThatThrownBy(() -> testbed.withReleaseChecksEvery(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least a second").hasMessageContaining("PT0.5S");
    }
}
