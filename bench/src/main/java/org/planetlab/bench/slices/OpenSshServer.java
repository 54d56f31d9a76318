package org.planetlab.bench.slices;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.planetlab.node.host.HostCommand;

/**
 * OpenSSH's own sshd, for comparison: started in the foreground on 127.0.0.1 with a fresh ECDSA
 * host key, the demo user's key authorized for root, no PAM; stopped and its files removed after.
 */
final class OpenSshServer {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path PRIVILEGE_SEPARATION = Path.of("/run/sshd");

    private OpenSshServer() {}

    /** The rows of login times against sshd, or a line saying why there are none. */
    static String compare(Path userKey, int logins, SliceLatencyBenchmark.LoginRow loginRow) throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) {
            return "\n(OpenSSH's sshd is not installed here, so there is no comparison: apt-get install openssh-server)\n";
        }
        Path directory = Files.createTempDirectory("sshd-compare");
        boolean madeSeparationDirectory = !Files.exists(PRIVILEGE_SEPARATION);
        Process sshd = null;
        try {
            HostCommand.onHost().run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", directory.resolve("host").toString()));
            Files.copy(Path.of(userKey + ".pub"), directory.resolve("authorized_keys"));
            int port = freePort();
            Files.writeString(directory.resolve("sshd_config"), String.join("\n",
                    "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + directory.resolve("host"),
                    "AuthorizedKeysFile " + directory.resolve("authorized_keys"), "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no", "PidFile none", "") );
            Files.createDirectories(PRIVILEGE_SEPARATION);
            sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", directory.resolve("sshd_config").toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("sshd.log").toFile()).start();
            awaitListening(port, sshd, directory);
            StringBuilder rows = new StringBuilder();
            for (String kex : List.of("curve25519-sha256", "")) {
                loginRow.append(rows, "OpenSSH sshd " + version(), kex, List.of("-p", Integer.toString(port), "root@127.0.0.1"));
            }
            return rows.toString();
        } finally {
            if (sshd != null) {
                sshd.destroy();
                if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
                    sshd.destroyForcibly().waitFor();
                }
            }
            if (madeSeparationDirectory) {
                Files.deleteIfExists(PRIVILEGE_SEPARATION);
            }
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void awaitListening(int port, Process sshd, Path directory) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (!sshd.isAlive()) {
                throw new IllegalStateException("sshd ended: " + Files.readString(directory.resolve("sshd.log")));
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("sshd does not listen on 127.0.0.1:" + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String version() {
        try {
            Process process = new ProcessBuilder("ssh", "-V").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes()).strip();
            process.waitFor();
            return text.split("[ ,]")[0].replace("OpenSSH_", "");
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
