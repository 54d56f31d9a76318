package org.planetlab.api.method;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
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
        return spec.name() + "(" + String.join(", ", names) + ") -> " + String.join("|", spec.returns().xmlRpcNames());
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
            text.append("  auth: struct {AuthMethod: password|capability|session|hmac|hmac_dummybox|anonymous,")
                    .append(" ...}; who is calling\n");
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
     * The signatures for {@code system.methodSignature}, as the XML-RPC introspection convention
     * has them: one list {@code [result, arg1, ...]} of XML-RPC type names ({@code int},
     * {@code boolean}, {@code string}, {@code double}, {@code array}, {@code struct}, and
     * {@code nil} where nil is accepted) for each number of arguments the method takes and each
     * alternative of its arguments and result; {@code auth} is a {@code struct}.
     */
    public static List<List<String>> signatures(MethodSpec spec) {
        List<List<String>> prefixes = new ArrayList<>();
        for (String result : spec.returns().xmlRpcNames()) {
            List<String> start = new ArrayList<>();
            start.add(result);
            if (spec.takesAuth()) {
                start.add("struct");
            }
            prefixes.add(start);
        }
        List<List<String>> result = new ArrayList<>();
        int required = spec.requiredParamCount();
        if (required == 0) {
            prefixes.forEach(signature -> result.add(List.copyOf(signature)));
        }
        for (int index = 0; index < spec.params().size(); index++) {
            List<String> alternatives = spec.params().get(index).type().xmlRpcNames();
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

    private static ValueType unwrap(ValueType type) {
        return type instanceof NullableType nullable ? nullable.type() : type;
    }

    private static String indent(String text) {
        return text.lines().map(line -> "  " + line).collect(Collectors.joining("\n"));
    }
}
