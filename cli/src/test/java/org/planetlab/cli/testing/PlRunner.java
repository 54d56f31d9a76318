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
import picocli.CommandLine;

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

    /**
     * Runs commands through one command tree, built once, instead of one tree per run: for a
     * test that runs every command (building the tree costs as much as a run of {@code --help}).
     * Only for runs that leave nothing behind in the tree, such as {@code --help}; standard input
     * is this runner's.
     */
    public Reusing reusing() {
        return new Reusing();
    }

    /** One command tree, its output captured afresh for each run. */
    public final class Reusing {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final CommandLine commandLine = Pl.commandLine(new Terminal(environment,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out, true),
                new PrintWriter(err, true), clock));

        private Reusing() {}

        public Result run(String... args) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            int exit = commandLine.execute(args);
            return new Result(exit, out.toString(), err.toString());
        }
    }

    /** What a run printed and how it ended. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
