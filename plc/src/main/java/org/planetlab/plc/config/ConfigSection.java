package org.planetlab.plc.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.error.PlanetLabException;

/**
 * The keys of one section of PLC's configuration ({@code PlcConfig.section}), read by the part
 * that owns them: a key the owner does not know is refused by name, and a value that is not what
 * its key needs is refused with the key's full name, before anything starts.
 */
public final class ConfigSection {
    private final String name;
    private final Map<String, String> keys;

    private ConfigSection(String name, Map<String, String> keys) {
        this.name = name;
        this.keys = keys;
    }

    /** The section's keys, refusing any not in {@code known}. */
    public static ConfigSection of(String name, Map<String, String> keys, Set<String> known) {
        requireNonNull(name, "name is null");
        requireNonNull(keys, "keys is null");
        Set<String> unknown = new TreeSet<>(keys.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw PlanetLabException.invalidArgument("unknown " + name + " configuration keys "
                    + unknown.stream().map(key -> name + "." + key).toList() + "; known keys are " + name + "."
                    + String.join(", " + name + ".", new TreeSet<>(known)));
        }
        return new ConfigSection(name, Map.copyOf(keys));
    }

    /** The key's value, if set and not blank. */
    public Optional<String> text(String key) {
        return Optional.ofNullable(keys.get(key)).filter(value -> !value.isBlank()).map(String::strip);
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when the key is not set. */
    public long number(String key, long fallback, long min, long max) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw PlanetLabException.invalidArgument(name + "." + key + " must be a whole number, got '" + text.get() + "'");
        }
        if (value < min || value > max) {
            throw PlanetLabException.invalidArgument(name + "." + key + " must be " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    /** {@code true} or {@code false}, or {@code fallback} when the key is not set. */
    public boolean bool(String key, boolean fallback) {
        Optional<String> text = text(key);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw PlanetLabException.invalidArgument(name + "." + key + " must be true or false, got '"
                    + text.get() + "'");
        };
    }

    /** The key's full name, for messages. */
    public String fullName(String key) {
        return name + "." + key;
    }
}
