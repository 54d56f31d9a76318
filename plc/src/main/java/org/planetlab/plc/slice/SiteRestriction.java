package org.planetlab.plc.slice;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;

/**
 * The monitor's last step for a node that stays down: its site may create no new slices until the
 * node is back (operators still may). Read in the creating transaction.
 */
public final class SiteRestriction {
    /** The monitor's step (in {@code monitor_escalations}) that takes the right away. */
    public static final String STEP = "restrict_site";

    private SiteRestriction() {}

    /** The nodes whose outage restricts the site now, as "hostname (down since T)". */
    public static List<String> restrictingNodes(Handle handle, long siteId) {
        return handle.createQuery("SELECT n.hostname, e.down_since FROM monitor_escalations e JOIN nodes n"
                        + " ON n.node_id = e.node_id WHERE e.site_id = :site AND e.step = :step AND e.ended_at IS NULL"
                        + " ORDER BY e.down_since")
                .bind("site", siteId)
                .bind("step", STEP)
                .map((row, context) -> row.getString(1) + " (down since " + row.getLong(2) + ")")
                .list();
    }

    /** Refuses a new slice at a restricted site; {@code operator} callers pass. */
    public static void checkMayCreateSlices(Handle handle, long siteId, String loginBase, boolean operator) {
        if (operator) {
            return;
        }
        List<String> nodes = restrictingNodes(handle, siteId);
        if (!nodes.isEmpty()) {
            throw PlanetLabException.permissionDenied("site " + loginBase + " may create no new slices"
                    + " while its node " + String.join(", ", nodes) + " stays down past the monitor's threshold;"
                    + " bring the node back (its technical contact: pl node status) or ask PlanetLab support");
        }
    }
}
