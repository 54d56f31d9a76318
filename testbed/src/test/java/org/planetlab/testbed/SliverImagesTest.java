package org.planetlab.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image cache with a build script that only records that it ran. */
class SliverImagesTest {
    @TempDir
    Path root;

    @Test
    void anImageIsBuiltOnceAndReusedUntilItsRecipeChanges() throws IOException {
        writeBuildScript("recipe 1");
        SliverImages images = new SliverImages(root, root.resolve("cache"));

        Path first = images.image(SliverImages.Kind.BUSYBOX);
        assertThat(images.image(SliverImages.Kind.BUSYBOX)).isEqualTo(first);
        assertThat(builds()).containsExactly("busybox " + first);
        assertThat(first.getFileName().toString()).matches("busybox-[0-9a-f]{16}");

        writeBuildScript("recipe 2");
        Path second = images.image(SliverImages.Kind.BUSYBOX);
        assertThat(second).isNotEqualTo(first);
        assertThat(builds()).containsExactly("busybox " + first, "busybox " + second);
        assertThat(first.resolve("bin")).as("the old image, untouched for slivers still over it").isDirectory();
    }

    private void writeBuildScript(String recipe) throws IOException {
        Path script = root.resolve("bin/build-sliver-image");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n# " + recipe + "\nset -eu\nmkdir -p \"$2/bin\"\necho \"$1 $2\" >> \""
                + root.resolve("builds") + "\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    private java.util.List<String> builds() throws IOException {
        return Files.readAllLines(root.resolve("builds"), StandardCharsets.UTF_8);
    }
}
