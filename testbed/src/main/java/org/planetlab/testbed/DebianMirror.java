package org.planetlab.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.planetlab.node.host.HostCommand;

/** The Debian mirror this machine's apt uses, as {@code bin/debian-mirror} reads it from apt's sources. */
final class DebianMirror {
    private DebianMirror() {}

    /** Such as {@code http://deb.debian.org/debian/}. */
    static String of(Path root) {
        return new HostCommand(List.of(), Duration.ofSeconds(30)).run(List.of(root.resolve("bin/debian-mirror").toString()))
                .strip();
    }
}
