package org.planetlab.plc.mutation;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Function;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;

/**
 * One change of a group that {@link MutationPath#runEach} writes in one transaction: who asks,
 * what the event log records as its arguments, and the change itself.
 */
public record GroupedChange<T>(Caller caller, List<Object> args, Function<Mutation, T> change) {
    public GroupedChange {
        requireNonNull(caller, "caller is null");
        args = List.copyOf(requireNonNull(args, "args is null"));
        requireNonNull(change, "change is null");
    }

    /** What became of one change of a group: its value once committed, or why it was refused. */
    public record Outcome<T>(T value, PlanetLabException failure) {
        static <T> Outcome<T> committed(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> failed(PlanetLabException failure) {
            return new Outcome<>(null, requireNonNull(failure, "failure is null"));
        }

        public boolean failed() {
            return failure != null;
        }
    }
}
