package org.planetlab.node.pod;

import org.planetlab.trust.node.PingOfDeath;

/** What the node does with a ping of death it accepted: reboot, in whatever way this node reboots. */
@FunctionalInterface
public interface RebootAction {
    void reboot(PingOfDeath pod);
}
