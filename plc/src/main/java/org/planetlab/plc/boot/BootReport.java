package org.planetlab.plc.boot;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;

/**
 * What a booting node reports about itself: the state it reached (only {@code boot}, at the end
 * of a reinstall) and the software version it runs (at most 64 characters).
 */
public record BootReport(Optional<String> bootState, Optional<String> version) {
    public static final String BOOTED = "boot";
    public static final int MAX_VERSION_LENGTH = 64;

    public BootReport {
        requireNonNull(bootState, "bootState is null");
        requireNonNull(version, "version is null");
        bootState.filter(state -> !state.equals(BOOTED)).ifPresent(state -> {
            throw PlanetLabException.invalidArgument("node_fields.boot_state: a node reports only \"boot\" (the"
                    + " installer finished), not \"" + abbreviate(state) + "\"; operators set the other states");
        });
        version.filter(text -> text.length() > MAX_VERSION_LENGTH).ifPresent(text -> {
            throw PlanetLabException.invalidArgument("node_fields.version: %d characters; at most %d"
                    .formatted(text.length(), MAX_VERSION_LENGTH));
        });
    }

    /** The report of a node whose installer finished, running {@code version}. */
    public static BootReport booted(String version) {
        return new BootReport(Optional.of(BOOTED), Optional.of(version));
    }

    /** The report of a node that only says which version it runs. */
    public static BootReport running(String version) {
        return new BootReport(Optional.empty(), Optional.of(version));
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "...";
    }
}
