package org.planetlab.node.sliver.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.rspec.Rspec;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.node.config.NodeAgentConfigLoader;
import org.planetlab.node.host.HostCommand;
import org.planetlab.node.state.VmPhase;
import org.planetlab.node.state.VmRecord;
import org.planetlab.plc.testing.TestingClock;

/**
 * A package layer no recorded sliver uses is removed once it has stayed unused for
 * package-layer-keep-seconds, with its record and build log; a layer a sliver uses, even a
 * stopped one, a layer a create just asked for, and whatever is not a finished layer (staging,
 * moved aside) stay.
 */
class UnusedLayersTest {
    @Test
    void layersNoSliverUsesForTheKeepingWhileAreRemovedAndNoOtherFile(@TempDir Path root) throws Exception {
        Path layerDirectory = root.resolve("layers");
        ImageSettings settings = ImageSettings.from(NodeAgentConfigLoader.fromMap(Map.of("prefix", "t1", "state-dir",
                root.resolve("state").toString(), "run-dir", root.resolve("run").toString(), "image-dir", "/images/debian",
                "package-layer-dir", layerDirectory.toString(), "package-layer-keep-seconds", "600")));
        TestingClock clock = new TestingClock(Instant.parse("2026-12-07T08:00:00Z"));
        PackageLayers layers = new PackageLayers(settings, "t1", HostCommand.onHost(), Executors.newSingleThreadExecutor(), clock);
        SliverImages images = new SliverImages(settings, layers);
        String python = layer(layerDirectory, "python3");
        String curl = layer(layerDirectory, "curl");
        String stoppedOnes = layer(layerDirectory, "iperf3");
        Files.createDirectories(layerDirectory.resolve(".building-default-00"));
        Files.createDirectories(layerDirectory.resolve(".corrupt-" + curl + "-1"));
        List<VmRecord> recorded = new ArrayList<>(List.of(vm("ulab_web", "python3", VmPhase.RUNNING),
                vm("ulab_idle", "iperf3", VmPhase.STOPPED), vm("ulab_plain", "", VmPhase.RUNNING)));

        // Seen unused for the first time: kept for the while.
        assertThat(images.removeUnusedLayers(recorded)).isEmpty();
        clock.advance(Duration.ofSeconds(599));
        assertThat(images.removeUnusedLayers(recorded)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(images.removeUnusedLayers(recorded)).containsExactly(curl);
        assertThat(layerDirectory.resolve(curl)).doesNotExist();
        assertThat(layerDirectory.resolve(curl + ".layer")).doesNotExist();
        assertThat(layerDirectory.resolve(curl + ".log")).doesNotExist();
        assertThat(layerDirectory.resolve(python)).isDirectory();
        assertThat(layerDirectory.resolve(stoppedOnes)).isDirectory();
        assertThat(layerDirectory.resolve(".building-default-00")).isDirectory();
        assertThat(layerDirectory.resolve(".corrupt-" + curl + "-1")).isDirectory();

        // The slice with python3 leaves the node; a create asks for its layer again within the while: it stays.
        recorded.removeFirst();
        assertThat(images.removeUnusedLayers(recorded)).isEmpty();
        clock.advance(Duration.ofSeconds(300));
        assertThat(layers.require("default", Path.of("/images/debian"), packages("python3")))
                .isEqualTo(layerDirectory.resolve(python));
        clock.advance(Duration.ofSeconds(300));
        assertThat(images.removeUnusedLayers(recorded)).isEmpty();
        clock.advance(Duration.ofSeconds(600));
        assertThat(images.removeUnusedLayers(recorded)).containsExactly(python);
        assertThat(layerDirectory.resolve(stoppedOnes)).isDirectory();
        layers.close();
    }

    /** A finished layer of {@code names} over the default image, as a build leaves it. */
    private static String layer(Path directory, String names) throws Exception {
        String name = PackageLayers.name("default", Path.of("/images/debian"), packages(names));
        Files.createDirectories(directory.resolve(name).resolve("usr/bin"));
        Files.writeString(directory.resolve(name + ".layer"), "digest " + LayerDigest.of(directory.resolve(name)) + "\n");
        Files.writeString(directory.resolve(name + ".log"), "apt said\n");
        return name;
    }

    private static PackageSet packages(String names) {
        return new PackageSet(new TreeSet<>(List.of(names.split(","))));
    }

    private static VmRecord vm(String name, String packages, VmPhase phase) {
        Rspec rspec = new Rspec(packages.isEmpty() ? Map.of() : Map.of(RspecAttribute.PACKAGES, packages), List.of(), "", "");
        return new VmRecord(name, 1, VmRecord.LINUX_CONTAINER, rspec, "rcap-" + name, phase, "plc", Instant.EPOCH, 1);
    }
}
