package org.planetlab.am.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The python3 the wire-protocol clients run with. */
public final class Python {
    private Python() {
    }

    /**
     * The path of python3. Under CI the clients must run (bin/install-prerequisites installs
     * python3); elsewhere the test is skipped without it.
     */
    public static String require() {
        String python = find();
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(python != null, "python3 is not installed");
        }
        assertThat(python).as("python3 (Debian's python3 package)").isNotNull();
        return python;
    }

    /** Runs {@code command} (python3 and its arguments), prints its output and requires it to succeed; returns the output. */
    public static String runToSuccess(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (java.io.InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        System.out.println(output);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String find() {
        for (String candidate : List.of("/usr/bin/python3", "/usr/local/bin/python3", System.getProperty("user.home") + "/.pyenv/shims/python3")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return null;
    }
}
