package org.planetlab.plc.stop;

/**
 * In which right a stop was made, and so who may lift it: an operator's stop only an operator; a
 * site's stop the site (a PI or tech of the node's or the slice's site) or an operator; a slice
 * user's stop anyone who may stop the sliver.
 */
public enum StopAuthority {
    SLICE("slice"),
    SITE("site"),
    OPERATOR("operator");

    private final String wireName;

    StopAuthority(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static StopAuthority fromWireName(String name) {
        for (StopAuthority authority : values()) {
            if (authority.wireName.equals(name)) {
                return authority;
            }
        }
        throw new IllegalStateException("slice_stops names an unknown authority \"" + name + "\"");
    }
}
