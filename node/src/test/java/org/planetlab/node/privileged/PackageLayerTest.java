package org.planetlab.node.privileged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.state.VmRecord;

/**
 * Privileged: slices' {@code vref} and {@code packages} on a real node. A sliver asking for a
 * package is refused as "building" while its layer is built off the create path from a package
 * repository (made here, served on loopback: nothing is fetched), then created over it; a second
 * sliver asking for the same set shares the layer and is created at once; a build that fails and
 * a vref the node does not offer are reported, and leave no sliver; a layer whose files changed
 * is never used again.
 */
@Privileged
class PackageLayerTest {
    private static final Duration BUILD = Duration.ofSeconds(120);
    private static LocalDebianRepository repository;
    private static TestingNodeAgent node;
    private static Path layers;

    @BeforeAll
    static void startNode() throws Exception {
        Path debian = TestingNodeAgent.debianImage();
        repository = LocalDebianRepository.create(Path.of("target/package-repository").toAbsolutePath());
        Map<String, String> keys = new HashMap<>(repository.agentKeys());
        keys.put("image.debian", debian.toString());
        keys.put("image.busybox", TestingNodeAgent.IMAGE.toString());
        node = TestingNodeAgent.start(keys);
        layers = node.config.stateDirectory().resolve("package-layers");
    }

    @AfterAll
    static void stopNode() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            if (repository != null) {
                repository.close();
            }
        }
    }

    @Test
    void slicesWithTheSamePackagesShareOneLayerBuiltOnceOffTheCreatePath() throws Exception {
        Map<RspecAttribute, String> wanted = Map.of(RspecAttribute.IMAGE, "debian", RspecAttribute.PACKAGES, LocalDebianRepository.PACKAGE);
        assertThatThrownBy(() -> node.createSliver("pkg_first", wanted))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("building").hasMessageContaining(LocalDebianRepository.PACKAGE);
        assertThat(recorded()).doesNotContain("pkg_first");

        createOnceBuilt("pkg_first", wanted);
        assertThat(node.sh("pkg_first", LocalDebianRepository.PACKAGE).output()).contains(LocalDebianRepository.GREETING);
        assertThat(node.sh("pkg_first", "cat /etc/debian_version").exitCode()).isZero();

        long started = System.nanoTime();
        node.createSliver("pkg_second", wanted);
        long secondMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(secondMillis).as("a create over a cached layer builds nothing").isLessThan(3_000);
        assertThat(node.sh("pkg_second", LocalDebianRepository.PACKAGE).output()).contains(LocalDebianRepository.GREETING);
        assertThat(layerDirectories()).as("one layer for both slivers").hasSize(1);
        assertThat(node.agent.runtime().images().layers().describe().values()).containsOnlyOnce("ready");

        // A sliver without packages is built over the vref's own image, which the layer never touched.
        node.createSliver("pkg_plain", Map.of(RspecAttribute.IMAGE, "debian"));
        assertThat(node.sh("pkg_plain", "command -v " + LocalDebianRepository.PACKAGE + " || echo absent").output()).contains("absent");

        // A layer changed behind the agent's back is not used by its next run: moved aside, built again.
        Path layer = layerDirectories().getFirst();
        Files.writeString(layer.resolve("usr/bin/" + LocalDebianRepository.PACKAGE), "echo changed\n",
                java.nio.file.StandardOpenOption.APPEND);
        node.restart();
        assertThatThrownBy(() -> node.createSliver("pkg_third", wanted))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("building");
        try (Stream<Path> entries = Files.list(layers)) {
            assertThat(entries.map(entry -> entry.getFileName().toString())).anyMatch(name -> name.startsWith(".corrupt-"));
        }
        assertThat(node.sh("pkg_first", "echo still running").output()).contains("still running");
    }

    @Test
    void aFailedBuildAndAnUnknownVrefAreReportedAndLeaveNoSliver() {
        // The BusyBox image has no apt: its build fails at once, as a build whose package the repository lacks fails.
        Map<RspecAttribute, String> unbuildable = Map.of(RspecAttribute.IMAGE, "busybox", RspecAttribute.PACKAGES, "pl-missing");
        AtomicReference<PlanetLabException> failure = new AtomicReference<>();
        await().atMost(BUILD).pollInterval(Duration.ofMillis(250)).until(() -> {
            try {
                node.createSliver("pkg_failed", unbuildable);
                return true;
            } catch (PlanetLabException e) {
                failure.set(e);
                return e.code() != ErrorCode.UNAVAILABLE;
            }
        });
        assertThat(failure.get().code()).isEqualTo(ErrorCode.HOST_OPERATION_FAILED);
        assertThat(failure.get().getMessage()).contains("the image with packages pl-missing over busybox could not be built")
                .contains("apt-get").contains("fix the packages attribute at PLC");
        assertThat(recorded()).doesNotContain("pkg_failed");

        assertThatThrownBy(() -> node.createSliver("pkg_fedora", Map.of(RspecAttribute.IMAGE, "fedora-8")))
                .isInstanceOfSatisfying(PlanetLabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("vref \"fedora-8\" names no image this node offers (it offers busybox, debian, default");
        assertThat(recorded()).doesNotContain("pkg_fedora");
    }

    private static void createOnceBuilt(String name, Map<RspecAttribute, String> attributes) {
        await().atMost(BUILD).pollInterval(Duration.ofMillis(250)).ignoreExceptionsMatching(
                e -> e instanceof PlanetLabException refusal && refusal.code() == ErrorCode.UNAVAILABLE)
                .until(() -> node.createSliver(name, attributes) != null);
    }

    private static List<String> recorded() {
        return node.agent.manager().recordedVms().stream().map(VmRecord::name).toList();
    }

    private static List<Path> layerDirectories() throws Exception {
        try (Stream<Path> entries = Files.list(layers)) {
            return entries.filter(entry -> Files.isDirectory(entry) && !entry.getFileName().toString().startsWith(".")).toList();
        }
    }
}
