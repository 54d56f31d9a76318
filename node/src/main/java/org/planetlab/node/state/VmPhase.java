package org.planetlab.node.state;

/**
 * Where a VM is in its life, as last made durable. The agent acts on it at start: CREATING and
 * RUNNING slivers are (re)started, STOPPED ones have no processes, DESTROYING ones are finished
 * off and forgotten.
 */
public enum VmPhase {
    CREATING,
    RUNNING,
    STOPPED,
    DESTROYING,
}
