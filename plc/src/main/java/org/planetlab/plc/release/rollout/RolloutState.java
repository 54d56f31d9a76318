package org.planetlab.plc.release.rollout;

import org.planetlab.api.error.PlanetLabException;

/** Where a rollout is: running waves, paused by a failed gate or an operator, done, or taken back. */
public enum RolloutState {
    RUNNING("running"),
    PAUSED("paused"),
    COMPLETED("completed"),
    ROLLED_BACK("rolled_back");

    private final String wireName;

    RolloutState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Running or paused: the one rollout that may still open waves. */
    public boolean active() {
        return this == RUNNING || this == PAUSED;
    }

    public static RolloutState fromWireName(String wireName) {
        for (RolloutState state : values()) {
            if (state.wireName.equals(wireName)) {
                return state;
            }
        }
        throw PlanetLabException.invalidArgument("unknown rollout state " + wireName + " in the store");
    }
}
