package org.planetlab.plc.mutation;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.wire.XmlRpcFaults;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ChangeListener;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the registry's state changes, whoever asks (an API call, a timer, a seeding
 * program): the change and its event-log entry are written in one transaction, and after the
 * commit the change listeners hear what it touched. A refused or failed change is recorded in the
 * event log too, in a transaction of its own, and nothing of the change itself remains.
 */
public final class MutationPath {
    private static final Logger LOG = LoggerFactory.getLogger(MutationPath.class);
    /** The savepoint each change of a group runs in, so that it can be rolled back alone. */
    private static final String GROUPED_SAVEPOINT = "grouped_change";

    private final Database database;
    private final EventLog eventLog;
    private final List<ChangeListener> listeners;
    private final Clock clock;
    private final RefusedCalls refusedCalls = new RefusedCalls();

    public MutationPath(Database database, EventLog eventLog, List<ChangeListener> listeners, Clock clock) {
        this.database = requireNonNull(database, "database is null");
        this.eventLog = requireNonNull(eventLog, "eventLog is null");
        this.listeners = List.copyOf(listeners);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The clock every change takes its time from. */
    public long now() {
        return clock.instant().getEpochSecond();
    }

    /**
     * Runs {@code change} as operation {@code operation} on behalf of {@code caller}, at the
     * current time.
     *
     * @param args what the event log records as the operation's arguments (secrets are removed)
     */
    public <T> T run(Caller caller, String operation, List<Object> args, Function<Mutation, T> change) {
        return run(caller, operation, args, now(), change);
    }

    /** Runs {@code change} as if it happened at {@code now} (seconds since the epoch). */
    public <T> T run(Caller caller, String operation, List<Object> args, long now, Function<Mutation, T> change) {
        requireNonNull(caller, "caller is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(args, "args is null");
        requireNonNull(change, "change is null");
        long started = System.nanoTime();
        Mutation[] done = new Mutation[1];
        T result;
        try {
            result = guard(operation, () -> database.write(handle -> {
                Mutation mutation = new Mutation(handle, caller, now);
                T value = change.apply(mutation);
                if (mutation.recorded()) {
                    eventLog.append(handle, new EventLog.Entry(caller, operation, args, 0, mutation.message(),
                            seconds(started), now, mutation.changes().objects()));
                }
                done[0] = mutation;
                return value;
            }));
        } catch (PlanetLabException e) {
            recordFailure(caller, operation, args, e, started, now);
            throw e;
        }
        notifyListeners(done[0].changes());
        return result;
    }

    /**
     * Runs a group of changes of one operation in one transaction, each at the same time and in a
     * savepoint of its own: a change that throws is rolled back alone and its failure returned in
     * its place, the others commit together. If the transaction itself cannot commit, every change
     * fails with that error and nothing of the group remains. Failures are recorded in the event
     * log as {@link #run} records them; the listeners hear each committed change.
     *
     * @return the outcome of each change, in the order given
     */
    public <T> List<GroupedChange.Outcome<T>> runEach(String operation, List<GroupedChange<T>> group) {
        requireNonNull(operation, "operation is null");
        List<GroupedChange<T>> changes = List.copyOf(requireNonNull(group, "group is null"));
        long now = now();
        long started = System.nanoTime();
        List<GroupedChange.Outcome<T>> outcomes = new ArrayList<>();
        List<Mutation> committed = new ArrayList<>();
        try {
            guard(operation, () -> database.write(handle -> {
                // A retried transaction starts the group again from nothing.
                outcomes.clear();
                committed.clear();
                for (GroupedChange<T> change : changes) {
                    outcomes.add(runSaved(handle, operation, change, now, started, committed));
                }
                return null;
            }));
        } catch (PlanetLabException e) {
            outcomes.clear();
            committed.clear();
            changes.forEach(change -> outcomes.add(GroupedChange.Outcome.failed(e)));
        }
        for (int i = 0; i < changes.size(); i++) {
            if (outcomes.get(i).failed()) {
                GroupedChange<T> change = changes.get(i);
                recordFailure(change.caller(), operation, change.args(), outcomes.get(i).failure(), started, now);
            }
        }
        committed.forEach(mutation -> notifyListeners(mutation.changes()));
        return List.copyOf(outcomes);
    }

    private <T> GroupedChange.Outcome<T> runSaved(Handle handle, String operation, GroupedChange<T> change, long now,
            long started, List<Mutation> committed) {
        handle.savepoint(GROUPED_SAVEPOINT);
        try {
            Mutation mutation = new Mutation(handle, change.caller(), now);
            T value = change.change().apply(mutation);
            if (mutation.recorded()) {
                eventLog.append(handle, new EventLog.Entry(change.caller(), operation, change.args(), 0,
                        mutation.message(), seconds(started), now, mutation.changes().objects()));
            }
            handle.release(GROUPED_SAVEPOINT);
            committed.add(mutation);
            return GroupedChange.Outcome.committed(value);
        } catch (RuntimeException e) {
            // Undoes this change alone; the savepoint itself ends with the transaction.
            handle.rollbackToSavepoint(GROUPED_SAVEPOINT);
            return GroupedChange.Outcome.failed(e instanceof PlanetLabException refusal ? refusal
                    : internalError(operation, e));
        }
    }

    /**
     * Records a call refused before it ran (by authentication, the role table or the argument
     * checks), without its arguments, at a bounded rate per source address ({@link RefusedCalls}).
     */
    public void recordRefusal(Caller caller, String operation, PlanetLabException refusal, InetAddress source) {
        requireNonNull(caller, "caller is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(refusal, "refusal is null");
        requireNonNull(source, "source is null");
        refusedCalls.admit(source, clock.millis()).ifPresent(note -> {
            try {
                database.write(handle -> {
                    eventLog.append(handle, new EventLog.Entry(caller, operation, List.of(),
                            XmlRpcFaults.number(refusal.code()), "refused before running: " + refusal.code().name() + ": "
                                    + refusal.getMessage() + " (from " + source.getHostAddress() + ")" + note,
                            0, now(), List.of()));
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("could not record the refusal of {} in the event log", operation, e);
            }
        });
    }

    private void recordFailure(Caller caller, String operation, List<Object> args, PlanetLabException failure,
            long started, long now) {
        try {
            database.write(handle -> {
                eventLog.append(handle, new EventLog.Entry(caller, operation, args, XmlRpcFaults.number(failure.code()),
                        failure.code().name() + ": " + failure.getMessage(), seconds(started), now, List.of()));
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not record the failure of {} in the event log", operation, e);
        }
    }

    private void notifyListeners(Changes changes) {
        if (changes.isEmpty()) {
            return;
        }
        for (ChangeListener listener : listeners) {
            try {
                listener.committed(changes);
            } catch (RuntimeException e) {
                LOG.error("change listener {} failed", listener, e);
            }
        }
    }

    /** Turns an unexpected failure into an internal error with a reference to find it in the log. */
    private static <T> T guard(String operation, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (PlanetLabException e) {
            throw e;
        } catch (RuntimeException e) {
            throw internalError(operation, e);
        }
    }

    private static PlanetLabException internalError(String operation, RuntimeException e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("{} failed unexpectedly (reference {})", operation, reference, e);
        return new PlanetLabException(ErrorCode.INTERNAL_ERROR,
                "internal error (reference " + reference + "); nothing was changed, the call may be retried", e);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
