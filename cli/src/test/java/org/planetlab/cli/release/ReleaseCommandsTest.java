package org.planetlab.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.client.PlcClient;
import org.planetlab.cli.testing.PlRunner;
import org.planetlab.cli.testing.PlRunner.Result;
import org.planetlab.plc.testing.Registry;
import org.planetlab.plc.testing.StoreKind;
import org.planetlab.plc.testing.TestingPlc;

/** An operator publishes two releases with {@code pl release publish}, lists them, downloads a file and rotates the key. */
class ReleaseCommandsTest {
    @TempDir
    Path home;

    @Test
    void publishListDownloadRotate() throws Exception {
        try (TestingPlc plc = TestingPlc.start(StoreKind.SQLITE)) {
            Path jar = Files.write(home.resolve("planetlab-node.jar"), "agent bytes".repeat(100_000).getBytes(StandardCharsets.UTF_8));
            Path runner = Files.writeString(home.resolve("sliver-runner"), "#!/bin/sh\n");
            PlRunner operator = new PlRunner(Map.of("PL_URL", plc.uri().toString(), "HOME", home.toString(),
                    "PL_USER", TestingPlc.OPERATOR_EMAIL, "PL_PASSWORD", TestingPlc.OPERATOR_PASSWORD), Clock.systemUTC());

            assertThat(ok(operator.run("release", "publish", "--label", "first", jar.toString(), runner.toString())).strip())
                    .isEqualTo("1");
            assertThat(ok(operator.run("release", "publish", "--label", "second", runner.toString())).strip()).isEqualTo("2");
            assertThat(ok(operator.run("release", "list"))).contains("first", "second", "planetlab-node.jar", "sliver-runner");

            Path copy = home.resolve("copy.jar");
            ok(operator.run("release", "download", "1", "planetlab-node.jar", "-o", copy.toString()));
            assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(jar));
            Result missing = operator.run("release", "download", "2", "planetlab-node.jar", "-o", home.resolve("none").toString());
            assertThat(missing.exit()).as(missing.toString()).isEqualTo(5);
            assertThat(home.resolve("none")).doesNotExist();

            assertThat(ok(operator.run("release", "rotate-key")).strip()).isEqualTo("2");
            assertThat(ok(operator.run("release", "rollback")).strip()).isEqualTo("3");
            assertThat(ok(operator.run("release", "list"))).contains("rollback to 1 (first)");

            Registry registry = new Registry(plc.operator(PlcClient.Encoding.JSON));
            long siteId = registry.site("rel");
            Map<String, String> techEnvironment = Map.of("PL_URL", plc.uri().toString(), "HOME", home.toString(),
                    "PL_USER", "tech@rel.org", "PL_PASSWORD", "password-of-tech@rel.org");
            registry.person("tech@rel.org", "tech", siteId);
            Result refused = new PlRunner(techEnvironment, Clock.systemUTC()).run("release", "publish", "--label", "x",
                    runner.toString());
            assertThat(refused.exit()).as(refused.toString()).isNotZero();
        }
    }

    private static String ok(Result result) {
        assertThat(result.exit()).as(result.toString()).isZero();
        return result.out();
    }
}
