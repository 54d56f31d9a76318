package org.planetlab.cli.command;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * What {@code pl} sees of the world it runs in: its environment variables, standard streams and
 * clock. Tests pass their own, so that nothing reads or changes the real process environment.
 *
 * @param environment the environment variables (PL_URL, PL_USER, HOME, ...)
 * @param in standard input (passwords given as {@code -})
 * @param out standard output: results only
 * @param err standard error: messages and errors
 * @param clock the time, for renewals and for showing dates
 */
public record Terminal(Map<String, String> environment, InputStream in, PrintWriter out, PrintWriter err, Clock clock) {
    public Terminal {
        environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        requireNonNull(in, "in is null");
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
        requireNonNull(clock, "clock is null");
    }

    /** The terminal of this process. */
    public static Terminal system() {
        return new Terminal(System.getenv(), System.in,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }
}
