package org.planetlab.node.boot;

import java.util.Locale;
import org.planetlab.api.error.PlanetLabException;

/**
 * What the management authority tells a node to do (Architecture §4.8.2), as PLCAPI names it.
 * {@code safeboot} is the seed's {@code debug}.
 */
public enum BootState {
    /** Run slivers. */
    BOOT,
    /** Stay inspectable by the site and the operators; run no slice. */
    SAFEBOOT,
    /** Install again, then move to boot. */
    REINSTALL,
    /** Do nothing for anyone. */
    DISABLED;

    public static BootState parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw PlanetLabException.invalidArgument("PLC answered an unknown boot state '" + text + "'");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True if slivers may run in this state. */
    public boolean runsSlivers() {
        return this == BOOT;
    }
}
