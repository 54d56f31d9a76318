package org.planetlab.node.sliver.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.config.NodeAgentConfigLoader;

class ImageSettingsTest {
    private static ImageSettings settings(Map<String, String> keys) {
        Map<String, String> values = new HashMap<>(Map.of("prefix", "t1", "state-dir", "/var/lib/t1", "run-dir", "/run/t1",
                "image-dir", "/images/debian"));
        values.putAll(keys);
        return ImageSettings.from(NodeAgentConfigLoader.fromMap(values));
    }

    @Test
    void theImageDirIsTheDefaultAndOthersAreNamedByTheirVref() {
        ImageSettings settings = settings(Map.of("image.busybox", "/images/busybox", "package-build-seconds", "60"));
        assertThat(settings.images()).containsExactly(Map.entry("busybox", Path.of("/images/busybox")),
                Map.entry("default", Path.of("/images/debian")));
        assertThat(settings.layerDirectory()).isEqualTo(Path.of("/var/lib/t1/package-layers"));
        assertThat(settings.buildTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.keyring()).isEmpty();
        assertThat(ImageSettings.withoutImageKeys(Map.of("image.busybox", "/x", "package-keyring", "/k", "package-repository",
                "http://a/debian", "uplink-device", "eth0"))).isEqualTo(Map.of("package-repository", "http://a/debian",
                "uplink-device", "eth0"));
    }

    @Test
    void badKeysAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> settings(Map.of("image.../etc", "/x"))).isInstanceOf(PlanetLabException.class)
                .hasMessageContaining("image.../etc");
        assertThatThrownBy(() -> settings(Map.of("image.default", "/x"))).hasMessageContaining("default is image-dir");
        assertThatThrownBy(() -> settings(Map.of("image.debian", "relative"))).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> settings(Map.of("package-retry-seconds", "-1"))).hasMessageContaining("package-retry-seconds");
    }

    @Test
    void theSamePackagesInAnyOrderNameOneLayerAndAnotherBaseAnother() {
        PackageSet one = new PackageSet(new TreeSet<>(List.of("python3", "curl")));
        PackageSet same = new PackageSet(new TreeSet<>(List.of("curl", "python3")));
        assertThat(PackageLayers.name("debian", Path.of("/images/debian"), one))
                .isEqualTo(PackageLayers.name("debian", Path.of("/images/debian"), same))
                .isNotEqualTo(PackageLayers.name("debian", Path.of("/images/debian-2"), one))
                .startsWith("debian-");
        assertThatThrownBy(() -> new PackageSet(new TreeSet<>(List.of("curl", "-oAPT::x")))).hasMessageContaining("-oAPT::x");
    }

    @Test
    void aChangedFileChangesTheLayersDigest(@TempDir Path tree) throws Exception {
        Files.createDirectories(tree.resolve("usr/bin"));
        Files.writeString(tree.resolve("usr/bin/tool"), "#!/bin/sh\n");
        String digest = LayerDigest.of(tree);
        assertThat(LayerDigest.of(tree)).isEqualTo(digest);
        Files.writeString(tree.resolve("usr/bin/tool"), "#!/bin/sh\necho changed\n");
        assertThat(LayerDigest.of(tree)).isNotEqualTo(digest);
        Files.writeString(tree.resolve("usr/bin/tool"), "#!/bin/sh\n");
        Files.createSymbolicLink(tree.resolve("usr/bin/link"), Path.of("tool"));
        assertThat(LayerDigest.of(tree)).isNotEqualTo(digest);
    }
}
