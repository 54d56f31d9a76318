package org.planetlab.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDK's file exceptions, whose message is only a file name, become a reason a person reads. */
class IoCausesTest {
    @TempDir
    Path directory;

    @Test
    void fileExceptionsSayWhatWentWrongAndWhere() {
        assertThat(IoCauses.describe(new AccessDeniedException("/var/lib/x"))).isEqualTo("permission denied on /var/lib/x");
        assertThat(IoCauses.describe(new NoSuchFileException("/etc/y"))).isEqualTo("no such file or directory on /etc/y");
        assertThat(IoCauses.describe(new FileSystemException("/a", "/b", "Device or resource busy")))
                .isEqualTo("device or resource busy on /a and /b");
    }

    @Test
    void aRealFailureIsDescribedByItsCauseNotItsClass() throws IOException {
        Path file = Files.writeString(directory.resolve("file"), "x");
        IOException failure = null;
        try {
            Files.createDirectories(file.resolve("below"));
        } catch (IOException e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        assertThat(IoCauses.describe(failure)).contains(file.toString()).doesNotContain("Exception");
    }

    @Test
    void otherIoExceptionsKeepTheirMessageOrNameTheirKind() {
        assertThat(IoCauses.describe(new IOException("connection refused"))).isEqualTo("connection refused");
        assertThat(IoCauses.describe(new IOException())).isEqualTo("an I/O error (IOException)");
    }
}
