package org.planetlab.plc.reboot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real IPMI-over-LAN controller on loopback: OpenIPMI's {@code ipmi_sim} (Debian package
 * {@code openipmi}), whose chassis power commands run a script that records each change in
 * {@code power.log} ("0" off, "1" on) and answers the power state from {@code power}.
 */
final class IpmiSimulator implements AutoCloseable {
    static final String USER = "pcuadmin";

    private final Path directory;
    private final int port;
    private final Process process;

    private IpmiSimulator(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/ipmi_sim")) && Files.isExecutable(Path.of("/usr/bin/ipmitool"));
    }

    static IpmiSimulator start(Path directory, String password) {
        try {
            int port = freeUdpPort();
            Files.createDirectories(directory.resolve("state"));
            Files.writeString(directory.resolve("power"), "1\n");
            Path control = directory.resolve("chassis-control");
            Files.writeString(control, """
                    #!/bin/sh
                    # ipmi_sim calls this as "get power" or "set power 0|1".
                    dir='%s'
                    case "$1 $2" in
                      "get power") echo "power:$(cat "$dir/power")" ;;
                      "set power") echo "$3" > "$dir/power"; echo "$3" >> "$dir/power.log" ;;
                    esac
                    exit 0
                    """.formatted(directory));
            Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(directory.resolve("lan.conf"), """
                    name "plcpcu"
                    set_working_mc 0x20
                      startlan 1
                        addr 127.0.0.1 %d
                        priv_limit admin
                        allowed_auths_callback md5
                        allowed_auths_user md5
                        allowed_auths_operator md5
                        allowed_auths_admin md5
                        guid a123456789abcdefa123456789abcdef
                      endlan
                      chassis_control "%s"
                      user 2 true "%s" "%s" admin 10 md5
                    """.formatted(port, control, USER, password));
            Files.writeString(directory.resolve("commands"), """
                    mc_setbmc 0x20
                    mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr
                    mc_enable 0x20
                    """);
            Process process = new ProcessBuilder("ipmi_sim", "-c", directory.resolve("lan.conf").toString(), "-f",
                    directory.resolve("commands").toString(), "-s", directory.resolve("state").toString(), "-n")
                    .redirectErrorStream(true).redirectOutput(directory.resolve("sim.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            return new IpmiSimulator(directory, port, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** The power changes the controller made, in order: "0" off, "1" on. */
    List<String> powerChanges() {
        try {
            Path log = directory.resolve("power.log");
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.US_ASCII) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
