package org.planetlab.node.sliver.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.PlanetLabException;

class PackageSourcesTest {
    @Test
    void aRepositoryBecomesTheSliversOneAptSource() {
        PackageSources sources = PackageSources.from(Map.of("package-repository", "http://10.77.0.1:3142/debian"));
        assertThat(sources.sourcesList()).isEqualTo("deb http://10.77.0.1:3142/debian bookworm main\n");
        assertThat(PackageSources.from(Map.of("package-repository", "http://repo.example.org/debian",
                "package-suite", "trixie")).sourcesList()).isEqualTo("deb http://repo.example.org/debian trixie main\n");
    }

    @Test
    void withoutARepositoryAptKnowsNoSource() {
        assertThat(PackageSources.from(Map.of()).sourcesList()).isEmpty();
        assertThat(PackageSources.from(Map.of("package-repository", " ")).sourcesList()).isEmpty();
    }

    @Test
    void whatIsNotAPlainHttpRepositoryOrSuiteIsRefusedByKey() {
        for (String repository : new String[] {"ftp://10.77.0.1/debian", "http://10.77.0.1:3142/debian?x=1", "not a url",
                "file:///etc", "http:///debian"}) {
            assertThatThrownBy(() -> PackageSources.from(Map.of("package-repository", repository)))
                    .as(repository).isInstanceOf(PlanetLabException.class).hasMessageContaining("package-repository");
        }
        assertThatThrownBy(() -> PackageSources.from(Map.of("package-suite", "bookworm main contrib")))
                .isInstanceOf(PlanetLabException.class).hasMessageContaining("package-suite");
    }

    @Test
    void itsKeysNeverReachTheSliverNetwork() {
        assertThat(PackageSources.withoutPackageKeys(Map.of("package-repository", "http://a/debian", "package-suite",
                "bookworm", "device-prefix", "plv"))).containsOnlyKeys("device-prefix");
    }
}
