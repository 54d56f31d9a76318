package org.planetlab.node.state;

/**
 * Slice (and so VM) names as the node accepts them; the rules are the ones PLC shares
 * ({@link org.planetlab.api.name.SliceNames}).
 */
public final class SliceNames {
    /** The owner VM (Architecture §4.2). */
    public static final String OWNER_VM = org.planetlab.api.name.SliceNames.OWNER_VM;

    private SliceNames() {}

    public static String check(String name) {
        return org.planetlab.api.name.SliceNames.checkSliverName(name);
    }
}
