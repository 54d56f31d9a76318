package org.planetlab.plc.reboot;

/**
 * Speaks one kind of power control unit. A driver either does what it is asked or throws a
 * {@link org.planetlab.api.error.PlanetLabException} saying what the unit answered; it never
 * logs or returns the unit's password.
 */
public interface PowerDriver {
    /** The PLCAPI {@code protocol} values this driver speaks, in lower case. */
    java.util.Set<String> protocols();

    /** Turns the node's power off and on again; returns once the unit reports it on. */
    void powerCycle(PcuTarget target);

    /** Logs into the unit and reads the node's power state, changing nothing; returns what the unit said. */
    String check(PcuTarget target);
}
