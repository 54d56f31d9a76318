package org.planetlab.cli.command;

import java.util.List;
import java.util.Locale;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Param;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.schema.ValueType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Builds the command for a {@link Verb} from its method's definition: required parameters become
 * positional arguments (a list parameter takes the rest of them), a struct parameter becomes one
 * option per writable field, optional parameters become options. Values are converted by their
 * declared types; nothing else about them is checked here.
 */
public final class MethodCommands {
    private MethodCommands() {}

    public static CommandFactory factory(Verb verb) {
        return context -> build(context, verb);
    }

    static CommandSpec build(CommandContext context, Verb verb) {
        MethodSpec method = verb.method();
        MethodCommand body = new MethodCommand(context, verb);
        CommandSpec spec = CommandSpec.wrapWithoutInspection(body);
        spec.name(verb.name());
        HelpText.describe(spec, method, HelpText.firstSentence(method.help()));
        List<String> positional = positionalOrder(verb);
        for (Param param : method.params()) {
            int index = positional.indexOf(param.name());
            if (index >= 0) {
                PositionalParamSpec argument = positional(param, index, verb.fromFile().contains(param.name()));
                spec.addPositional(argument);
                body.addSource(ignored -> argument.getValue());
            } else if (unwrap(param.type()) instanceof StructType struct) {
                StructOptions options = StructOptions.add(spec, struct, verb, context);
                // An optional struct with no field given is left out rather than sent empty.
                body.addSource(param.optional() ? given -> emptyToNull(options.collect(given)) : options::collect);
            } else {
                OptionSpec option = option(param, method);
                spec.addOption(option);
                body.addSource(ignored -> option.getValue());
            }
        }
        for (ExtraOption extra : verb.extras()) {
            OptionSpec.Builder option = OptionSpec.builder(extra.name()).description(HelpText.literal(extra.description()));
            spec.addOption(extra.flag() ? option.arity("0").type(boolean.class).build()
                    : option.paramLabel(extra.label()).type(String.class).build());
        }
        body.attach(spec);
        return context.decorate(spec);
    }

    private static Object emptyToNull(java.util.Map<String, Object> struct) {
        return struct.isEmpty() ? null : struct;
    }

    private static List<String> positionalOrder(Verb verb) {
        if (!verb.order().isEmpty()) {
            return verb.order();
        }
        return verb.method().params().stream()
                .filter(param -> !param.optional() && !(unwrap(param.type()) instanceof StructType))
                .map(Param::name).toList();
    }

    private static PositionalParamSpec positional(Param param, int index, boolean fromFile) {
        ValueType type = param.type();
        String label = ParamNames.label(param.name());
        if (fromFile) {
            return PositionalParamSpec.builder().index(String.valueOf(index)).paramLabel(label + "_FILE")
                    .description(HelpText.literal("file holding " + param.doc() + "."))
                    .required(!param.optional()).arity(param.optional() ? "0..1" : "1").type(String.class)
                    .converters(text -> FileText.read(text, param.name()))
                    .build();
        }
        PositionalParamSpec.Builder builder = PositionalParamSpec.builder()
                .index(String.valueOf(index))
                .paramLabel(label)
                .description(HelpText.literal(param.doc() + ": " + type.describe() + "."))
                .required(!param.optional());
        if (ArgumentText.isList(type)) {
            builder.arity(param.optional() ? "0..*" : "1..*").type(List.class).auxiliaryTypes(Object.class)
                    .converters(text -> ArgumentText.convert(text, type, ""));
        } else {
            builder.arity(param.optional() ? "0..1" : "1").type(Object.class)
                    .converters(text -> ArgumentText.convert(text, type, ""));
        }
        return builder.build();
    }

    private static OptionSpec option(Param param, MethodSpec method) {
        ValueType type = param.type();
        String name = ParamNames.option(ParamNames.shortName(param.name()), method.name());
        OptionSpec.Builder builder = OptionSpec.builder(name)
                .paramLabel(ParamNames.shortName(param.name()).toUpperCase(Locale.ROOT))
                .description(HelpText.literal(param.doc() + ": " + type.describe() + "."))
                .required(!param.optional());
        if (ArgumentText.isList(type)) {
            builder.type(List.class).auxiliaryTypes(Object.class).splitRegex(",")
                    .converters(text -> ArgumentText.convert(text, type, ""));
        } else {
            builder.type(Object.class).converters(text -> ArgumentText.convert(text, type, ""));
        }
        return builder.build();
    }

    private static ValueType unwrap(ValueType type) {
        return type instanceof NullableType nullable ? nullable.type() : type;
    }
}
