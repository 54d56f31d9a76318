package org.planetlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.planetlab.api.error.PlanetLabException;

class PackageRepositoryTest {
    private final TestbedLayout layout = new TestbedLayout(Path.of("/tmp/testbed"), 1, "10.77.0", 8443);

    @Test
    void itServesTheMirrorOnPlcsAddressAndForwardsNowhereElse() {
        PackageRepository repository = new PackageRepository(layout, "http://deb.debian.org/debian/", Path.of("/cache"));
        assertThat(repository.url()).isEqualTo("http://10.77.0.1:3142/debian");
        assertThat(repository.configuration().lines())
                .contains("BindAddress: 10.77.0.1", "Port: 3142", "CacheDir: /cache",
                        "Remap-debrep: /debian ; http://deb.debian.org/debian/", "ForceManaged: 1", "RedirMax: 0",
                        "PassThroughPattern: ^$")
                .noneMatch(line -> line.startsWith("LocalDirs") || line.startsWith("ReportPage"));
        assertThat(repository.command()).containsExactly("apt-cacher-ng", "-c", "/tmp/testbed/repository/conf");
    }

    @Test
    void aMirrorThatIsNotAPlainHttpUrlIsRefused() {
        for (String mirror : new String[] {"https://deb.debian.org/debian/", "http://deb.debian.org/debian/ ; http://evil/",
                "http://deb.debian.org/debian/\nPassThroughPattern: .*", "deb.debian.org"}) {
            assertThatThrownBy(() -> new PackageRepository(layout, mirror, Path.of("/cache"))).as(mirror)
                    .isInstanceOf(PlanetLabException.class).hasMessageContaining("DEBIAN_MIRROR");
        }
    }
}
