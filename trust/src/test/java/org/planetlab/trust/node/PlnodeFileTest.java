package org.planetlab.trust.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlnodeFileTest {
    private final NodeKey key = NodeKey.generate(new SecureRandom());
    private final String seedExample = """
            IP_METHOD = "dhcp"
            IP_ADDRESS = "128.112.139.71"
            HOST_NAME = "planetlab1.cs.foo.edu"
            NET_DEV = "00:06:5B:EC:33:BB"
            NODE_KEY = "%s"
            NODE_ID = "121"
            """.formatted(key.encoded());

    @Test
    void readsTheSeedsExample() {
        PlnodeConfig config = PlnodeFile.parse(seedExample);

        assertThat(config.ipMethod()).isEqualTo(PlnodeConfig.IpMethod.DHCP);
        assertThat(config.ipAddress()).contains("128.112.139.71");
        assertThat(config.hostname()).isEqualTo("planetlab1.cs.foo.edu");
        assertThat(config.netDevice()).contains("00:06:5B:EC:33:BB");
        assertThat(config.nodeKey()).isEqualTo(key);
        assertThat(config.nodeId()).isEqualTo(121);
        assertThat(PlnodeFile.parse(PlnodeFile.format(config))).isEqualTo(config);
    }

    @Test
    void writesPrivatelyAndRefusesAReadableFile(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("plnode.txt");
        PlnodeConfig config = new PlnodeConfig(PlnodeConfig.IpMethod.STATIC, Optional.of("10.0.0.5"), "n1.example.org", Optional.empty(),
                key, 7, new TreeMap<>(java.util.Map.of("IP_GATEWAY", "10.0.0.1")));
        PlnodeFile.write(file, config);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PlnodeFile.read(file)).isEqualTo(config);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> PlnodeFile.read(file)).hasMessageContaining("is accessible by group or others (mode rw-r--r--)");
    }

    @Test
    void malformedFilesAreRefusedNamingTheLineAndNeverTheKey() {
        String[][] cases = {
                {seedExample.replace("HOST_NAME = \"planetlab1.cs.foo.edu\"", "HOST_NAME = planetlab1"), "line 3: expected KEY = \"value\""},
                {seedExample + "NODE_ID = \"122\"\n", "line 7: NODE_ID is already set on line 6"},
                {seedExample.replace("\"dhcp\"", "\"ppp\""), "line 1: IP_METHOD must be \"dhcp\" or \"static\""},
                {seedExample.replace("NODE_ID = \"121\"", "NODE_ID = \"-1\""), "line 6: NODE_ID must be a positive integer"},
                {seedExample.replace(key.encoded(), key.encoded().substring(0, 20)), "line 5: a node key must have at least 256 bits"},
                {seedExample.replace(key.encoded(), "not hex or base64!"), "line 5: the node key is neither hex nor base64"},
                {seedExample.replace("00:06:5B:EC:33:BB", "eth0"), "line 4: NET_DEV must be a MAC address"},
                {seedExample.replace("128.112.139.71", "128.112.139.710"), "line 2: IP_ADDRESS is not an IP address literal"},
                {seedExample.replace("planetlab1.cs.foo.edu", "-bad-.foo"), "line 3: host name"},
                {seedExample.replace("NODE_KEY", "# NODE_KEY"), "plnode.txt lacks NODE_KEY"},
                {seedExample.replace("\"dhcp\"", "\"static\"").replace("IP_ADDRESS = \"128.112.139.71\"\n", ""), "IP_ADDRESS is required"},
                {"x".repeat(70_000), "larger than"},
                {seedExample.replace("121\"", "121\" trailing"), "line 6: expected"},
        };
        for (String[] testCase : cases) {
            assertThatThrownBy(() -> PlnodeFile.parse(testCase[0])).as(testCase[1])
                    .hasMessageContaining(testCase[1])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key.encoded().substring(0, 16)));
        }
    }
}
