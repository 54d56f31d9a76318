package org.planetlab.plc.mutation;

import static java.util.Objects.requireNonNull;

import org.jdbi.v3.core.Handle;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.change.ObjectType;

/**
 * One state change in progress, as a domain service sees it: the transaction it writes in, who
 * asked for it, when it happens, and the record of what it touched and what the event log will
 * say about it. Made only by {@link MutationPath}, so a change cannot be written outside it.
 */
public final class Mutation {
    private final Handle handle;
    private final Caller caller;
    private final long now;
    private final Changes changes = new Changes();
    private String message = "";
    private boolean quietIfUnchanged;

    Mutation(Handle handle, Caller caller, long now) {
        this.handle = requireNonNull(handle, "handle is null");
        this.caller = requireNonNull(caller, "caller is null");
        this.now = now;
    }

    /** The transaction the change is written in. */
    public Handle db() {
        return handle;
    }

    public Caller caller() {
        return caller;
    }

    /** When the change happens, in seconds since the epoch; every timestamp it writes uses it. */
    public long now() {
        return now;
    }

    /** Records that the change created, changed or deleted an object. */
    public void affected(ObjectType type, long id) {
        changes.add(type, id);
    }

    public Changes changes() {
        return changes;
    }

    /** What the event log says happened, e.g. "slice 12 renewed until ...". */
    public void message(String text) {
        this.message = requireNonNull(text, "text is null");
    }

    public String message() {
        return message;
    }

    /**
     * Asks that no event-log entry be written if the change turns out to touch nothing, as a
     * timer that finds nothing to do every few seconds would otherwise fill the log.
     */
    public void quietIfUnchanged() {
        quietIfUnchanged = true;
    }

    boolean recorded() {
        return !(quietIfUnchanged && changes.isEmpty());
    }
}
