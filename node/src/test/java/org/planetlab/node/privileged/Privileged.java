package org.planetlab.node.privileged;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Checks that privileged tests can run here, and says loudly why not when they cannot. */
public final class Privileged {
    private Privileged() {}

    public static void assumeCapable() {
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(root, "PRIVILEGED TEST SKIPPED: needs root (user namespaces, cgroups, btrfs loop mounts)");
        for (String tool : List.of("mkfs.btrfs", "btrfs", "ip", "busybox")) {
            assumeTrue(onPath(tool), "PRIVILEGED TEST SKIPPED: " + tool + " is missing; apt-get install btrfs-progs iproute2 busybox-static");
        }
        assumeTrue(Files.exists(Path.of("/proc/self/ns/user")), "PRIVILEGED TEST SKIPPED: the kernel has no user namespaces");
    }

    private static boolean onPath(String tool) {
        try {
            Process process = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
