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

/** What a node's slice creation service logged about creating a sliver. */
final class ServiceLog {
    private static final Pattern CREATED = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .* created sliver (\\S+) of \\S+ in (\\d+) ms");

    private ServiceLog() {}

    /** When the service began creating the slice's sliver and how long it took, from its log (written today, local time). */
    record Creation(Instant began, Duration took) {}

    static Optional<Creation> creation(Path log, String sliver) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines.reversed()) {
            Matcher matcher = CREATED.matcher(line);
            if (matcher.find() && matcher.group(2).equals(sliver)) {
                Duration took = Duration.ofMillis(Long.parseLong(matcher.group(3)));
                Instant logged = LocalTime.parse(matcher.group(1)).atDate(LocalDate.now()).atZone(ZoneId.systemDefault()).toInstant();
                return Optional.of(new Creation(logged.minus(took), took));
            }
        }
        return Optional.empty();
    }
}
