package org.planetlab.cli.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code pl} keeps its files: the configuration file {@code $PL_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/planetlab/pl.properties}, else {@code ~/.config/planetlab/pl.properties};
 * the stored session lives next to it in {@code session.properties}.
 */
public record ConfigLocation(Path configFile) {
    public ConfigLocation {
        requireNonNull(configFile, "configFile is null");
    }

    /** The location the environment names; empty if it names none (no PL_CONFIG, no HOME). */
    public static Optional<ConfigLocation> from(Map<String, String> environment) {
        String explicit = environment.get("PL_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(new ConfigLocation(Path.of(explicit)));
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(new ConfigLocation(Path.of(xdg, "planetlab", "pl.properties")));
        }
        String home = environment.get("HOME");
        if (home != null && !home.isBlank()) {
            return Optional.of(new ConfigLocation(Path.of(home, ".config", "planetlab", "pl.properties")));
        }
        return Optional.empty();
    }

    public Path sessionFile() {
        return configFile.toAbsolutePath().resolveSibling("session.properties");
    }
}
