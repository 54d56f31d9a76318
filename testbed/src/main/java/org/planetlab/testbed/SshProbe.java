package org.planetlab.testbed;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.planetlab.node.host.HostCommand;

/**
 * Logs into slivers with the OpenSSH client, as a person would: to check they are reachable and to
 * run commands in them. Host keys are neither checked nor remembered (the testbed's nodes are made
 * fresh each time); the login uses only the given key.
 */
public final class SshProbe {
    private final HostCommand host = new HostCommand(List.of(), Duration.ofSeconds(30));
    private final Path key;

    public SshProbe(Path key) {
        this.key = requireNonNull(key, "key is null");
    }

    /** Runs {@code command} as {@code user} at {@code address}; the exit code and output. */
    public HostCommand.Result run(String user, String address, String command) {
        return host.runAllowingFailure(command(key, List.of(user + "@" + address), command), null);
    }

    /**
     * The ssh command line that logs in with only {@code key}, without asking or remembering host
     * keys: {@code destination} is ssh's own words for where (options such as {@code -p} or
     * {@code -o KexAlgorithms=...} included), {@code command} what runs there.
     */
    public static List<String> command(Path key, List<String> destination, String command) {
        List<String> words = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=3",
                "-o", "IdentitiesOnly=yes", "-i", key.toString()));
        words.addAll(destination);
        words.add(command);
        return words;
    }

    /** Whether {@code user} can log in at {@code address} and run {@code true}. */
    public boolean canLogIn(String user, String address) {
        return run(user, address, "true").exitCode() == 0;
    }

    /** Waits until {@code user} can log in at every address, or the timeout passes; returns whether it could. */
    public boolean awaitLogins(String user, List<String> addresses, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> waiting = new ArrayList<>(addresses);
        while (!waiting.isEmpty()) {
            waiting.removeIf(address -> canLogIn(user, address));
            if (waiting.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
