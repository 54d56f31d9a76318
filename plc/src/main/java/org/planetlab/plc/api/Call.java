package org.planetlab.plc.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.RequestContext;
import org.planetlab.plc.change.Changes;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;

/**
 * One invocation of an API method, as its handler sees it: the caller, the checked arguments,
 * the database handle of the call's transaction, the time the call started, and, for a method
 * that changes state, the {@link Mutation} it runs in (which records what it changed).
 */
public final class Call {
    private final MethodSpec spec;
    private final Caller caller;
    private final List<Object> args;
    private final java.util.function.Supplier<Handle> handle;
    private final long now;
    private final RequestContext request;
    private final Mutation mutation;

    /** A call of a method that changes state, running in {@code mutation}. */
    public Call(MethodSpec spec, List<Object> args, Mutation mutation, RequestContext request) {
        this(spec, mutation.caller(), args, mutation::db, mutation.now(), request, mutation);
    }

    /** A call of a reading method, whose transaction is opened by {@code handle} on first use. */
    public Call(MethodSpec spec, Caller caller, List<Object> args, java.util.function.Supplier<Handle> handle, long now,
            RequestContext request) {
        this(spec, caller, args, handle, now, request, null);
    }

    private Call(MethodSpec spec, Caller caller, List<Object> args, java.util.function.Supplier<Handle> handle, long now,
            RequestContext request, Mutation mutation) {
        this.spec = requireNonNull(spec, "spec is null");
        this.caller = requireNonNull(caller, "caller is null");
        this.args = Collections.unmodifiableList(new ArrayList<>(args));
        this.handle = requireNonNull(handle, "handle is null");
        this.now = now;
        this.request = requireNonNull(request, "request is null");
        this.mutation = mutation;
    }

    /** The change this call makes; only methods that change state have one. */
    public Mutation mutation() {
        if (mutation == null) {
            throw new IllegalStateException(spec.name() + " does not change state");
        }
        return mutation;
    }

    public MethodSpec spec() {
        return spec;
    }

    public Caller caller() {
        return caller;
    }

    /** The call's transaction (opened now if it was not yet). */
    public Handle db() {
        return handle.get();
    }

    /** The call's transaction, to be opened only if needed. */
    public java.util.function.Supplier<Handle> lazyDb() {
        return handle;
    }

    /** When the call started, in seconds since the epoch; every timestamp the call writes uses it. */
    public long now() {
        return now;
    }

    public RequestContext request() {
        return request;
    }

    /** The argument at {@code index} (after auth); {@code null} if an optional one was left out. */
    public Object arg(int index) {
        return index < args.size() ? args.get(index) : null;
    }

    public long longArg(int index) {
        return (Long) arg(index);
    }

    public String stringArg(int index) {
        return (String) arg(index);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> structArg(int index) {
        return (Map<String, Object>) arg(index);
    }

    @SuppressWarnings("unchecked")
    public List<Object> listArg(int index) {
        return (List<Object>) arg(index);
    }

    @SuppressWarnings("unchecked")
    public List<String> returnFields(int index) {
        return (List<String>) arg(index);
    }

    public Optional<Object> optionalArg(int index) {
        return Optional.ofNullable(arg(index));
    }

    /** Records that the call created, changed or deleted an object. */
    public void affected(ObjectType type, long id) {
        mutation().affected(type, id);
    }

    public Changes changes() {
        return mutation().changes();
    }

    /** What the event log says happened, e.g. "Slice 12 renewed until ...". */
    public void message(String text) {
        mutation().message(text);
    }
}
