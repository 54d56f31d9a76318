package org.planetlab.bench.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.planetlab.bench.measure.CpuSteal;

/**
 * Where an auditing benchmark's figures go: printed, and appended to a file, each line with the
 * benchmark's name, the date, the machine's load and the host's share of the CPU, so that a run is
 * recorded with the state of the machine it ran on.
 */
final class Figures {
    private final Path file;
    private final String benchmark;
    private final String parameters;
    private final CpuSteal steal = new CpuSteal();
    private final String loadAtStart = loadAverage();

    Figures(Path file, String benchmark, String parameters) {
        this.file = file;
        this.benchmark = benchmark;
        this.parameters = parameters;
        System.out.printf("%s (%s), started %s, load average %s%n", benchmark, parameters,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), loadAtStart);
    }

    /** Prints one figure and appends it to the file. */
    void record(String measure, String value) {
        String line = "| %s | %s | %s | %s | %s | load %s -> %s, host %.0f %% |".formatted(
                Instant.now().truncatedTo(ChronoUnit.SECONDS), benchmark, parameters, measure, value, loadAtStart,
                loadAverage(), steal.percentSinceStart());
        System.out.println("  " + measure + ": " + value);
        try {
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the figures file " + file, e);
        }
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
