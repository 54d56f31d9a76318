package org.planetlab.bench.slices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a node's logs say about one sliver's creation: the slice creation service's log (when the
 * view arrived, when the create began and how long it took) and the agent's (when its node
 * manager had the sliver running). Lines start with the local time of day to the millisecond.
 */
final class NodeLogs {
    private static final Pattern CREATED = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .* created sliver (\\S+) of \\S+ in (\\d+) ms");
    private static final Pattern VIEW = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .* view \\S+ of \\S+ \\(\\d+ slivers\\) .*applied in (\\d+) ms");
    private static final Pattern RUNNING = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .* VM (\\S+) running$");

    private NodeLogs() {}

    /**
     * One sliver's creation on one node: when the service took up the view that named it, when it
     * began creating it and how long that took, and when the node manager logged it running.
     */
    record Creation(Instant viewTaken, Instant began, Duration took, Optional<Instant> running) {}

    static Optional<Creation> creation(Path serviceLog, Path agentLog, String sliver) {
        List<String> lines = read(serviceLog);
        for (int index = lines.size() - 1; index >= 0; index--) {
            Matcher created = CREATED.matcher(lines.get(index));
            if (!created.find() || !created.group(2).equals(sliver)) {
                continue;
            }
            Duration took = Duration.ofMillis(Long.parseLong(created.group(3)));
            Instant began = instant(created.group(1)).minus(took);
            // The pass that created the sliver logs the view it applied once it is done.
            for (String later : lines.subList(index + 1, lines.size())) {
                Matcher view = VIEW.matcher(later);
                if (view.find()) {
                    Instant taken = instant(view.group(1)).minusMillis(Long.parseLong(view.group(2)));
                    return Optional.of(new Creation(taken, began, took, running(agentLog, sliver)));
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Instant> running(Path agentLog, String sliver) {
        List<String> lines = read(agentLog);
        for (String line : lines.reversed()) {
            Matcher running = RUNNING.matcher(line);
            if (running.find() && running.group(2).equals(sliver)) {
                return Optional.of(instant(running.group(1)));
            }
        }
        return Optional.empty();
    }

    private static List<String> read(Path log) {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A time of day logged today, in this machine's zone. */
    private static Instant instant(String timeOfDay) {
        return LocalTime.parse(timeOfDay).atDate(LocalDate.now()).atZone(ZoneId.systemDefault()).toInstant();
    }
}
