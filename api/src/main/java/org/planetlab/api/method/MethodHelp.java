package org.planetlab.api.method;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.planetlab.api.schema.MixedType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.schema.ValueType;

/** Renders a {@link MethodSpec} as the help text and signatures of XML-RPC introspection. */
public final class MethodHelp {
    private MethodHelp() {}

    /** The signature line, e.g. {@code AddSite(auth, site_fields) -> int}. */
    public static String signature(MethodSpec spec) {
        List<String> names = new ArrayList<>();
        if (spec.takesAuth()) {
            names.add("auth");
        }
        for (Param param : spec.params()) {
            names.add(param.optional() ? "[" + param.name() + "]" : param.name());
        }
        return spec.name() + "(" + String.join(", ", names) + ") -> " + spec.returns().xmlRpcName();
    }

    public static String rolesText(MethodSpec spec) {
        if (!spec.takesAuth()) {
            return "anyone (no auth argument)";
        }
        return spec.roles().stream().sorted(Comparator.comparingInt(Role::ordinal)).map(Role::wireName)
                .collect(Collectors.joining(", "));
    }

    /** The full help text. */
    public static String help(MethodSpec spec) {
        StringBuilder text = new StringBuilder();
        text.append(signature(spec)).append("\n\n").append(spec.help()).append("\n\nAllowed: ").append(rolesText(spec))
                .append('\n');
        if (spec.takesAuth() || !spec.params().isEmpty()) {
            text.append("\nParameters:\n");
        }
        if (spec.takesAuth()) {
            text.append("  auth: {AuthMethod: password|session|hmac|anonymous, ...} who is calling\n");
        }
        for (Param param : spec.params()) {
            text.append("  ").append(param.name()).append(param.optional() ? " (optional)" : "").append(": ")
                    .append(param.type().describe()).append(". ").append(param.doc()).append('\n');
            if (unwrap(param.type()) instanceof StructType struct) {
                text.append(indent(struct.describeFields())).append('\n');
            }
        }
        text.append("\nReturns: ").append(spec.returns().describe()).append(". ").append(spec.returnsDoc()).append('\n');
        return text.toString();
    }

    /**
     * The signatures for {@code system.methodSignature}: one list per arity and per alternative of
     * each mixed parameter, each {@code [result, arg1, ...]} of XML-RPC type names.
     */
    public static List<List<String>> signatures(MethodSpec spec) {
        List<List<String>> prefixes = new ArrayList<>();
        List<String> start = new ArrayList<>();
        start.add(spec.returns().xmlRpcName());
        if (spec.takesAuth()) {
            start.add("struct");
        }
        prefixes.add(start);
        List<List<String>> result = new ArrayList<>();
        int required = spec.requiredParamCount();
        if (required == 0) {
            result.add(List.copyOf(start));
        }
        for (int index = 0; index < spec.params().size(); index++) {
            List<String> alternatives = typeNames(spec.params().get(index).type());
            List<List<String>> extended = new ArrayList<>();
            for (List<String> prefix : prefixes) {
                for (String alternative : alternatives) {
                    List<String> longer = new ArrayList<>(prefix);
                    longer.add(alternative);
                    extended.add(longer);
                }
            }
            prefixes = extended;
            if (index + 1 >= required) {
                prefixes.forEach(signature -> result.add(List.copyOf(signature)));
            }
        }
        return result;
    }

    private static List<String> typeNames(ValueType type) {
        if (type instanceof MixedType mixed) {
            return mixed.alternatives().stream().map(ValueType::xmlRpcName).distinct().toList();
        }
        if (type instanceof NullableType nullable) {
            List<String> names = new ArrayList<>(typeNames(nullable.type()));
            names.add("nil");
            return names;
        }
        return List.of(type.xmlRpcName());
    }

    private static ValueType unwrap(ValueType type) {
        return type instanceof NullableType nullable ? nullable.type() : type;
    }

    private static String indent(String text) {
        return text.lines().map(line -> "  " + line).collect(Collectors.joining("\n"));
    }
}
