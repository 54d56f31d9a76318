package org.planetlab.node.net.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes network sysctls without starting {@code sysctl}: a thread that has entered a namespace
 * (see {@link NamespaceThread}) sees that namespace's {@code /proc/sys/net}. Settings the kernel
 * lacks are skipped, as {@code sysctl -e} does.
 */
public final class NamespaceSysctls {
    private static final Path PROC_SYS = Path.of("/proc/sys");

    private NamespaceSysctls() {}

    /** Applies {@code key=value} settings (dotted keys) in the calling thread's namespace. */
    public static void writeHere(List<String> settings) {
        settings.forEach(NamespaceSysctls::write);
    }

    private static void write(String setting) {
        int equals = setting.indexOf('=');
        Path file = PROC_SYS.resolve(setting.substring(0, equals).replace('.', '/'));
        try {
            Files.writeString(file, setting.substring(equals + 1));
        } catch (NoSuchFileException e) {
            // This kernel lacks the setting (e.g. no IPv6): nothing to switch off.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
