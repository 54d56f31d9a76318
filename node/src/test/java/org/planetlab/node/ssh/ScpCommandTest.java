package org.planetlab.node.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which command lines the gateway serves as scp itself; others run in the sliver as they are. */
class ScpCommandTest {
    @Test
    void onlyTheClassicScpServerModesAreTakenAsScp() {
        assertThat(ScpCommand.read(List.of("scp", "-t", "/root/x"))).contains(new ScpCommand.Request(true, false, "/root/x"));
        assertThat(ScpCommand.read(List.of("scp", "-r", "-d", "-t", "--", "dir"))).contains(new ScpCommand.Request(true, true, "dir"));
        assertThat(ScpCommand.read(List.of("scp", "-f", "/root/x"))).contains(new ScpCommand.Request(false, false, "/root/x"));
        assertThat(ScpCommand.read(List.of("scp", "a", "b"))).isEmpty();
        assertThat(ScpCommand.read(List.of("scp", "-t", "a", "b"))).isEmpty();
        assertThat(ScpCommand.read(List.of("scp", "-S", "prog", "-t", "a"))).isEmpty();
        assertThat(ScpCommand.read(List.of("ls", "-t"))).isEmpty();
    }
}
