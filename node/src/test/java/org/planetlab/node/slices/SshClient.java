package org.planetlab.node.slices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenSSH client, as users run it, with a throwaway known_hosts: the first connection
 * records the node's host key (accept-new), later ones must see the same key.
 */
final class SshClient {
    /** What ssh printed and its exit status. */
    record Run(int status, String output) {}

    private final Path knownHosts;
    private final String address;
    private final int port;

    SshClient(Path knownHosts, String address, int port) {
        this.knownHosts = knownHosts;
        this.address = address;
        this.port = port;
    }

    List<String> options(Path key) {
        return List.of("-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10");
    }

    Run ssh(Path key, String user, List<String> extra, String input, String... command) {
        List<String> words = new ArrayList<>(List.of("ssh", "-p", Integer.toString(port)));
        words.addAll(options(key));
        words.addAll(extra);
        words.add(user + "@" + address);
        words.addAll(List.of(command));
        return run(words, input);
    }

    Run scp(Path key, List<String> arguments) {
        List<String> words = new ArrayList<>(List.of("scp", "-O", "-P", Integer.toString(port)));
        words.addAll(options(key));
        words.addAll(arguments);
        return run(words, null);
    }

    String target(String user, String path) {
        return user + "@" + address + ":" + path;
    }

    static Run run(List<String> words, String input) {
        try {
            Process process = new ProcessBuilder(words).redirectErrorStream(true).start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(words + " did not finish");
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
