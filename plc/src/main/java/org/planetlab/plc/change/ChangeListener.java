package org.planetlab.plc.change;

/** Told about each committed state change, after the commit. */
@FunctionalInterface
public interface ChangeListener {
    void committed(Changes changes);
}
