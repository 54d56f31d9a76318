package org.planetlab.portal.security;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.planetlab.plc.Plc;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.mutation.Mutation;

/**
 * Runs a change the portal makes for a person: refused first if the person's roles may not call
 * the corresponding API method, then run by PLC's typed service on the {@code MutationPath} (one
 * transaction, recorded in the event log under that method's name, change listeners told), where
 * the service applies its per-object rules to the same caller.
 */
public final class Actions {
    private final Plc plc;

    public Actions(Plc plc) {
        this.plc = requireNonNull(plc, "plc is null");
    }

    /**
     * @param method the API method this change is, e.g. {@code DeleteSlice}
     * @param args what the event log records as its arguments (ids, never secrets)
     */
    public <T> T run(Caller caller, String method, List<Object> args, Function<Mutation, T> change) {
        ApiRules.require(caller, method);
        return plc.mutations().run(caller, method, args, change);
    }

    public void apply(Caller caller, String method, List<Object> args, Consumer<Mutation> change) {
        run(caller, method, args, mutation -> {
            change.accept(mutation);
            return null;
        });
    }
}
