package org.planetlab.plc.auth;

import org.planetlab.api.error.PlanetLabException;

/** The object-level rules shared by many methods: whose sites a caller may act on. */
public final class Permissions {
    private Permissions() {}

    /** Operators may act on any site; others only on their own. */
    public static void requireSite(Caller caller, long siteId, String action) {
        if (!caller.isOperator() && !caller.isAtSite(siteId)) {
            throw PlanetLabException.permissionDenied(
                    "%s: %s is not at site %d; only its own members and operators may do this".formatted(
                            action, caller.describe(), siteId));
        }
    }

    public static void requireOperator(Caller caller, String action) {
        if (!caller.isOperator()) {
            throw PlanetLabException.permissionDenied(action + ": only operators may do this");
        }
    }
}
