package org.planetlab.cli.testing;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.planetlab.cli.Pl;
import org.planetlab.cli.command.Terminal;

/**
 * Runs {@code pl} in this JVM, as a person would from a shell: with an environment (a map, never
 * the real one), standard input, and its output and exit code captured.
 */
public final class PlRunner {
    private final Map<String, String> environment;
    private final Clock clock;
    private String stdin = "";

    public PlRunner(Map<String, String> environment, Clock clock) {
        this.environment = new LinkedHashMap<>(environment);
        this.clock = clock;
    }

    /** A runner with these environment variables added or replaced. */
    public PlRunner with(String name, String value) {
        PlRunner other = new PlRunner(environment, clock);
        other.environment.put(name, value);
        return other;
    }

    /** A runner without this environment variable. */
    public PlRunner without(String name) {
        PlRunner other = new PlRunner(environment, clock);
        other.environment.remove(name);
        return other;
    }

    /** A runner whose standard input holds {@code text}. */
    public PlRunner input(String text) {
        PlRunner other = new PlRunner(environment, clock);
        other.stdin = text;
        return other;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Terminal terminal = new Terminal(environment, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true), clock);
        int exit = Pl.commandLine(terminal).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** What a run printed and how it ended. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
