package org.planetlab.api.method;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.planetlab.api.schema.ValueType;

/**
 * The one definition of an API method: its name, who may call it, its parameters, its result
 * and its help. The XML-RPC endpoint, the JSON API, the authorization table, the CLI and the
 * documentation are all derived from these definitions.
 *
 * @param name the PLCAPI-style method name, e.g. {@code AddSite}
 * @param roles the roles allowed to call it; empty for {@code system.*} methods, which take no
 *     {@code auth} argument and are open to all
 * @param mutates whether it changes state (and so is serialized, atomic and written to the
 *     event log)
 * @param params the parameters after {@code auth}
 * @param returns the result type
 * @param returnsDoc what the result means
 * @param help a paragraph of help, shown by {@code system.methodHelp} and {@code pl --help}
 */
public record MethodSpec(
        String name,
        Set<Role> roles,
        boolean mutates,
        List<Param> params,
        ValueType returns,
        String returnsDoc,
        String help) {
    public MethodSpec {
        requireNonNull(name, "name is null");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        params = List.copyOf(requireNonNull(params, "params is null"));
        requireNonNull(returns, "returns is null");
        requireNonNull(returnsDoc, "returnsDoc is null");
        requireNonNull(help, "help is null");
        boolean optionalSeen = false;
        for (Param param : params) {
            if (optionalSeen && !param.optional()) {
                throw new IllegalArgumentException(name + ": a required parameter follows an optional one");
            }
            optionalSeen |= param.optional();
        }
    }

    /** Whether the first argument on the XML-RPC wire is the {@code auth} struct. */
    public boolean takesAuth() {
        return !name.startsWith("system.");
    }

    public int requiredParamCount() {
        return (int) params.stream().filter(param -> !param.optional()).count();
    }

    public boolean allows(Role role) {
        return roles.contains(role);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link MethodSpec} in the order it reads in the catalog. */
    public static final class Builder {
        private final String name;
        private final EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        private boolean mutates;
        private final List<Param> params = new ArrayList<>();
        private ValueType returns;
        private String returnsDoc;
        private String help;

        private Builder(String name) {
            this.name = requireNonNull(name, "name is null");
        }

        public Builder roles(Role... allowed) {
            roles.addAll(List.of(allowed));
            return this;
        }

        public Builder mutates() {
            this.mutates = true;
            return this;
        }

        public Builder param(String paramName, ValueType type, String doc) {
            params.add(Param.required(paramName, type, doc));
            return this;
        }

        public Builder optionalParam(String paramName, ValueType type, String doc) {
            params.add(Param.optional(paramName, type, doc));
            return this;
        }

        public Builder returns(ValueType type, String doc) {
            this.returns = type;
            this.returnsDoc = doc;
            return this;
        }

        public Builder help(String text) {
            this.help = text;
            return this;
        }

        public MethodSpec build() {
            return new MethodSpec(name, roles, mutates, params, returns, returnsDoc, help);
        }
    }
}
