package org.planetlab.cli.command;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.planetlab.api.catalog.MethodCatalog;
import org.planetlab.api.method.MethodSpec;

/**
 * A command made from one API method: its positional parameters, options and help all come from
 * the method's definition in the catalog.
 *
 * @param name the command name, e.g. {@code add}
 * @param method the API method it calls
 * @param order the parameters to take as positional arguments, in this order; empty for the
 *     method's own order of its required, non-struct parameters
 * @param defaults struct fields given a value when their option is absent
 * @param fromFile struct fields that may also be read from a file with {@code --<field>-file}, and
 *     positional parameters given as the name of a file holding the value
 * @param extras further options the action reads, beyond the method's
 * @param action what to do with the converted arguments; {@link Action#CALL} calls the method
 */
public record Verb(String name, MethodSpec method, List<String> order, Map<String, String> defaults, Set<String> fromFile,
        List<ExtraOption> extras, Action action) {
    public Verb {
        requireNonNull(name, "name is null");
        requireNonNull(method, "method is null");
        order = List.copyOf(order);
        defaults = Map.copyOf(defaults);
        fromFile = Set.copyOf(fromFile);
        extras = List.copyOf(extras);
        requireNonNull(action, "action is null");
        for (String param : order) {
            if (method.params().stream().noneMatch(candidate -> candidate.name().equals(param))) {
                throw new IllegalArgumentException(param + " is not a parameter of " + method.name());
            }
        }
    }

    /** A command calling {@code method} with its arguments in the method's order. */
    public static Verb of(String name, String method) {
        return new Verb(name, lookup(method), List.of(), Map.of(), Set.of(), List.of(), Action.CALL);
    }

    public Verb order(String... params) {
        return new Verb(name, method, List.of(params), defaults, fromFile, extras, action);
    }

    public Verb withDefault(String field, String value) {
        Map<String, String> more = new LinkedHashMap<>(defaults);
        more.put(field, value);
        return new Verb(name, method, order, more, fromFile, extras, action);
    }

    public Verb fromFile(String... fields) {
        return new Verb(name, method, order, defaults, Set.of(fields), extras, action);
    }

    public Verb action(Action other) {
        return new Verb(name, method, order, defaults, fromFile, extras, other);
    }

    /** Adds options for the action, beyond those of the method. */
    public Verb extras(ExtraOption... options) {
        return new Verb(name, method, order, defaults, fromFile, List.of(options), action);
    }

    static MethodSpec lookup(String method) {
        return MethodCatalog.lookup(method).orElseThrow(() -> new IllegalArgumentException("no method " + method));
    }
}
