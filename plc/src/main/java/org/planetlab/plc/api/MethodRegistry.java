package org.planetlab.plc.api;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;

/**
 * Binds each method of the {@link MethodCatalog} to its handler. The server refuses to start
 * unless every method in the catalog has exactly one handler.
 */
public final class MethodRegistry {
    private final Map<String, MethodHandler> handlers = new LinkedHashMap<>();
    private final Map<String, Preflight> preflights = new LinkedHashMap<>();

    public MethodRegistry bind(String name, MethodHandler handler) {
        requireNonNull(handler, "handler is null");
        if (MethodCatalog.lookup(name).isEmpty()) {
            throw new IllegalArgumentException("no method " + name + " in the catalog");
        }
        if (handlers.putIfAbsent(name, handler) != null) {
            throw new IllegalArgumentException("method " + name + " is bound twice");
        }
        return this;
    }

    /** Binds a handler that first runs {@code preflight} outside any transaction. */
    public MethodRegistry bind(String name, Preflight preflight, MethodHandler handler) {
        bind(name, handler);
        preflights.put(name, requireNonNull(preflight, "preflight is null"));
        return this;
    }

    public Optional<Preflight> preflight(String name) {
        return Optional.ofNullable(preflights.get(name));
    }

    /** Fails unless every catalog method (other than system.*) has a handler. */
    public void verifyComplete() {
        Set<String> missing = new TreeSet<>();
        for (MethodSpec spec : MethodCatalog.all()) {
            if (spec.takesAuth() && !handlers.containsKey(spec.name())) {
                missing.add(spec.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("methods without a handler: " + missing);
        }
    }

    public Optional<MethodHandler> handler(String name) {
        return Optional.ofNullable(handlers.get(name));
    }
}
