package org.planetlab.plc.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.catalog.RetiredMethods;
import org.planetlab.api.method.MethodHelp;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Param;
import org.planetlab.api.method.Role;
import org.planetlab.api.wire.XmlRpcFaults;
import org.planetlab.plc.auth.Authenticator;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.auth.RequestContext;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.LazyRead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs API calls, whatever their encoding: looks the method up, authenticates the caller,
 * applies the authorization table (the method's roles), checks the arguments against the
 * method's types, and runs the handler — reads in a consistent snapshot, writes on the
 * {@link MutationPath}, in one transaction together with their event-log entry, after which the
 * change listeners hear about them.
 *
 * <p>The order of checks is part of the contract: an unknown method, then who the caller is,
 * then whether their role may call the method, and only then the arguments. So a caller without
 * the right role learns nothing about the arguments a method takes.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Database database;
    private final Authenticator authenticator;
    private final MethodRegistry registry;
    private final MutationPath mutations;
    private final CallObserver observer;

    public Dispatcher(Database database, Authenticator authenticator, MethodRegistry registry, MutationPath mutations) {
        this(database, authenticator, registry, mutations, CallObserver.NONE);
    }

    /** @param observer hears of every call (positional or named) with its outcome and duration */
    public Dispatcher(Database database, Authenticator authenticator, MethodRegistry registry, MutationPath mutations,
            CallObserver observer) {
        this.observer = requireNonNull(observer, "observer is null");
        this.database = requireNonNull(database, "database is null");
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.mutations = requireNonNull(mutations, "mutations is null");
        registry.verifyComplete();
    }

    /** Runs a call given positionally, as XML-RPC does: auth first for every non-system method. */
    public Object invoke(String methodName, List<Object> wireArgs, RequestContext request) {
        long started = System.nanoTime();
        String outcome = "ok";
        try {
            return dispatch(methodName, wireArgs, request);
        } catch (PlanetLabException e) {
            outcome = e.code().name();
            throw e;
        } catch (RuntimeException | Error e) {
            outcome = "internal";
            throw e;
        } finally {
            observer.called(MethodCatalog.lookup(methodName).isPresent() ? methodName : "unknown", outcome,
                    System.nanoTime() - started);
        }
    }

    private Object dispatch(String methodName, List<Object> wireArgs, RequestContext request) {
        MethodSpec spec = MethodCatalog.lookup(methodName).orElseThrow(() -> unknown(methodName));
        if (!spec.takesAuth()) {
            return system(spec, checkArguments(spec, wireArgs), request);
        }
        if (wireArgs.isEmpty()) {
            throw new PlanetLabException(ErrorCode.WRONG_ARGUMENT_COUNT,
                    "the first argument must be auth; " + MethodHelp.signature(spec));
        }
        try (LazyRead read = database.lazyRead()) {
            Caller caller;
            try {
                caller = database.translated(() -> authenticator.authenticate(read, wireArgs.getFirst(),
                        wireArgs.subList(1, wireArgs.size()), request));
            } catch (PlanetLabException e) {
                read.close();
                mutations.recordRefusal(unidentified(wireArgs.getFirst()), spec.name(), e, request.remoteAddress());
                throw e;
            }
            List<Object> args;
            try {
                authorize(spec, caller);
                args = checkArguments(spec, wireArgs.subList(1, wireArgs.size()));
            } catch (PlanetLabException e) {
                if (spec.mutates()) {
                    read.close();
                    mutations.recordRefusal(caller, spec.name(), e, request.remoteAddress());
                }
                throw e;
            }
            if (spec.mutates()) {
                // The write runs in a transaction of its own; give the read connection back first.
                read.close();
            }
            return run(spec, caller, args, request, read);
        }
    }

    /**
     * Runs a call on behalf of an already established caller, such as {@link Caller#INTERNAL}:
     * everything but authentication applies, the event log included.
     */
    public Object invokeAs(Caller caller, String methodName, List<Object> args) {
        MethodSpec spec = MethodCatalog.lookup(methodName).filter(MethodSpec::takesAuth).orElseThrow(() ->
                new PlanetLabException(ErrorCode.UNKNOWN_METHOD, "unknown method \"" + abbreviate(methodName) + "\""));
        authorize(spec, caller);
        try (LazyRead read = database.lazyRead()) {
            return run(spec, caller, checkArguments(spec, args), RequestContext.local(), read);
        }
    }

    /**
     * Runs a call given by parameter name, as the JSON API does; the auth struct travels apart.
     */
    public Object invokeNamed(String methodName, Object auth, Map<String, Object> namedArgs, RequestContext request) {
        MethodSpec spec = MethodCatalog.lookup(methodName).orElseThrow(() -> RetiredMethods.reason(methodName)
                .map(reason -> new PlanetLabException(ErrorCode.UNKNOWN_METHOD, methodName + " is not offered: "
                        + reason))
                .orElseGet(() -> new PlanetLabException(ErrorCode.UNKNOWN_METHOD, "unknown method \""
                        + abbreviate(methodName) + "\"; GET /api/v1/ lists the methods")));
        Map<String, Object> remaining = new LinkedHashMap<>(namedArgs);
        List<Object> positional = new ArrayList<>();
        if (spec.takesAuth()) {
            positional.add(auth);
        }
        List<Object> params = new ArrayList<>();
        for (Param param : spec.params()) {
            params.add(remaining.remove(param.name()));
        }
        if (!remaining.isEmpty()) {
            throw PlanetLabException.invalidArgument("unknown parameter%s %s; %s takes %s".formatted(
                    remaining.size() == 1 ? "" : "s", String.join(", ", remaining.keySet()), spec.name(),
                    spec.params().isEmpty() ? "no parameters"
                            : String.join(", ", spec.params().stream().map(Param::name).toList())));
        }
        // Trailing parameters that were not given are left out, as an XML-RPC caller would.
        int last = params.size();
        while (last > 0 && params.get(last - 1) == null && spec.params().get(last - 1).optional()) {
            last--;
        }
        positional.addAll(params.subList(0, last));
        return invoke(methodName, positional, request);
    }

    /**
     * Who a caller that failed to authenticate is, for the event log: nobody, by the method
     * they claimed if it is one this server knows.
     */
    private static Caller unidentified(Object auth) {
        String claimed = auth instanceof Map<?, ?> struct && struct.get("AuthMethod") instanceof String method
                ? method.toLowerCase(java.util.Locale.ROOT) : "";
        String method = Authenticator.METHODS.contains(claimed) ? claimed : "unknown";
        return new Caller(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Set.of(), List.of(), method,
                java.util.Optional.empty());
    }

    private void authorize(MethodSpec spec, Caller caller) {
        for (Role role : caller.roles()) {
            if (spec.allows(role)) {
                return;
            }
        }
        String held = caller.roles().isEmpty() ? "no role"
                : String.join(", ", caller.roles().stream().map(Role::wireName).sorted().toList());
        throw PlanetLabException.permissionDenied("%s may be called by %s; %s has %s".formatted(
                spec.name(), MethodHelp.rolesText(spec), caller.describe(), held));
    }

    private static List<Object> checkArguments(MethodSpec spec, List<Object> args) {
        int required = spec.requiredParamCount();
        int total = spec.params().size();
        if (args.size() < required || args.size() > total) {
            String expected = required == total ? Integer.toString(total) : required + " to " + total;
            throw new PlanetLabException(ErrorCode.WRONG_ARGUMENT_COUNT,
                    "expected %s argument%s%s, got %d; %s".formatted(expected, total == 1 ? "" : "s",
                            spec.takesAuth() ? " after auth" : "", args.size(), MethodHelp.signature(spec)));
        }
        List<Object> checked = new ArrayList<>(args.size());
        for (int index = 0; index < args.size(); index++) {
            Param param = spec.params().get(index);
            checked.add(param.type().check(args.get(index), param.name()));
        }
        return checked;
    }

    private Object run(MethodSpec spec, Caller caller, List<Object> args, RequestContext request, LazyRead read) {
        MethodHandler handler = registry.handler(spec.name()).orElseThrow();
        registry.preflight(spec.name()).ifPresent(preflight -> {
            // A long wait must not hold a connection, and what follows must see what changed meanwhile.
            read.close();
            preflight.run(caller, args);
        });
        long now = mutations.now();
        if (!spec.mutates()) {
            return guard(spec, () -> database.translated(() -> handler.handle(new Call(spec, caller, args, read, now,
                    request))));
        }
        return mutations.run(caller, spec.name(), args, now,
                mutation -> handler.handle(new Call(spec, args, mutation, request)));
    }

    private static Object guard(MethodSpec spec, java.util.function.Supplier<Object> action) {
        try {
            return action.get();
        } catch (PlanetLabException e) {
            throw e;
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("{} failed unexpectedly (reference {})", spec.name(), reference, e);
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR,
                    "internal error (reference " + reference + "); nothing was changed, the call may be retried", e);
        }
    }

    private Object system(MethodSpec spec, List<Object> args, RequestContext request) {
        return switch (spec.name()) {
            case "system.listMethods" -> MethodCatalog.all().stream().map(MethodSpec::name).toList();
            case "system.methodHelp" -> MethodHelp.help(known((String) args.getFirst()));
            case "system.methodSignature" -> MethodHelp.signatures(known((String) args.getFirst()));
            case "system.multicall" -> multicall((List<?>) args.getFirst(), request);
            default -> throw new IllegalStateException("no system method " + spec.name());
        };
    }

    private static MethodSpec known(String name) {
        return MethodCatalog.lookup(name).orElseThrow(() -> unknown(name));
    }

    /** The fault for a name that is no method: a method of the original PLCAPI says why it is not offered. */
    private static PlanetLabException unknown(String name) {
        return RetiredMethods.reason(name)
                .map(reason -> new PlanetLabException(ErrorCode.UNKNOWN_METHOD, name + " is not offered: " + reason))
                .orElseGet(() -> new PlanetLabException(ErrorCode.UNKNOWN_METHOD, "unknown method \""
                        + abbreviate(name) + "\"; system.listMethods lists the methods"));
    }

    private List<Object> multicall(List<?> calls, RequestContext request) {
        List<Object> results = new ArrayList<>(calls.size());
        for (int index = 0; index < calls.size(); index++) {
            results.add(oneOfMulticall(calls.get(index), index, request));
        }
        return results;
    }

    private Object oneOfMulticall(Object call, int index, RequestContext request) {
        try {
            if (!(call instanceof Map<?, ?> struct) || !(struct.get("methodName") instanceof String name)
                    || !(struct.get("params") instanceof List<?> params)) {
                throw PlanetLabException.invalidArgument(
                        "calls[" + index + "]: expected a struct {methodName: string, params: array}");
            }
            if (name.equals("system.multicall")) {
                return fault(-507, "Recursive system.multicall forbidden");
            }
            try {
                return List.of(invoke(name, new ArrayList<>(params), request));
            } catch (PlanetLabException e) {
                return XmlRpcFaults.struct(e.code(), name + ": " + e.getMessage());
            }
        } catch (PlanetLabException e) {
            return XmlRpcFaults.struct(e.code(), e.getMessage());
        }
    }

    private static Map<String, Object> fault(int code, String text) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("faultCode", (long) code);
        fault.put("faultString", text);
        return fault;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
