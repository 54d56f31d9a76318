package org.planetlab.cli.command;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.Field;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.schema.ValueType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * The options made from a struct parameter's fields ({@code --login-base}, {@code --max-slices},
 * ...), and the struct they add up to. A field named {@code password} is read from a file
 * ({@code --new-password-file}) so that it never appears on a command line; nullable fields can
 * be set to nil with {@code --clear FIELD}.
 */
final class StructOptions {
    private static final String PASSWORD = "password";

    private final StructType struct;
    private final Verb verb;
    private final Map<String, OptionSpec> byField = new LinkedHashMap<>();
    private final Map<String, OptionSpec> fileByField = new LinkedHashMap<>();
    private OptionSpec clear;

    private StructOptions(StructType struct, Verb verb) {
        this.struct = requireNonNull(struct, "struct is null");
        this.verb = requireNonNull(verb, "verb is null");
    }

    static StructOptions add(CommandSpec spec, StructType struct, Verb verb, CommandContext context) {
        StructOptions options = new StructOptions(struct, verb);
        options.build(spec, context);
        return options;
    }

    private void build(CommandSpec spec, CommandContext context) {
        List<String> nullable = new ArrayList<>();
        for (Field field : struct.fields().values()) {
            if (field.readOnly()) {
                continue;
            }
            if (field.type() instanceof NullableType) {
                nullable.add(field.name());
            }
            if (field.name().equals(PASSWORD)) {
                OptionSpec option = OptionSpec.builder("--new-password-file").paramLabel("FILE").type(String.class)
                        .required(isRequired(field))
                        .description(HelpText.literal("File whose first line is the " + field.doc() + " (- reads standard input)"
                                + (isRequired(field) ? ". Required." : ".")))
                        .converters(text -> FileText.password(context.passwords(), text, "password file"))
                        .build();
                spec.addOption(option);
                byField.put(field.name(), option);
                continue;
            }
            OptionSpec option = fieldOption(field);
            spec.addOption(option);
            byField.put(field.name(), option);
            if (verb.fromFile().contains(field.name())) {
                OptionSpec file = OptionSpec.builder(ParamNames.option(field.name() + "_file", struct.name()))
                        .paramLabel("FILE").type(String.class)
                        .description(HelpText.literal("Read " + field.name() + " from this file."))
                        .converters(text -> FileText.read(text, field.name()))
                        .build();
                spec.addOption(file);
                fileByField.put(field.name(), file);
            }
        }
        if (!nullable.isEmpty()) {
            clear = OptionSpec.builder("--clear").paramLabel("FIELD").type(List.class).auxiliaryTypes(String.class)
                    .splitRegex(",")
                    .description(HelpText.literal("Set these fields to nil: " + String.join(", ", nullable) + "."))
                    .converters(text -> {
                        if (!nullable.contains(text)) {
                            throw new TypeConversionException("--clear: " + text + " is not a field that can be nil; those are "
                                    + String.join(", ", nullable));
                        }
                        return text;
                    })
                    .build();
            spec.addOption(clear);
        }
    }

    private OptionSpec fieldOption(Field field) {
        ValueType type = field.type();
        String name = ParamNames.option(field.name(), struct.name());
        StringBuilder description = new StringBuilder(field.doc()).append(": ").append(type.describe());
        if (verb.defaults().containsKey(field.name())) {
            description.append(" (default: ").append(verb.defaults().get(field.name())).append(')');
        } else if (isRequired(field)) {
            description.append(". Required");
        }
        description.append('.');
        OptionSpec.Builder builder = OptionSpec.builder(name)
                .paramLabel(field.name().toUpperCase(java.util.Locale.ROOT))
                .description(HelpText.literal(description.toString()))
                .required(isRequired(field) && !verb.defaults().containsKey(field.name())
                        && !verb.fromFile().contains(field.name()));
        if (ArgumentText.isList(type)) {
            builder.type(List.class).auxiliaryTypes(Object.class).splitRegex(",")
                    .converters(text -> ArgumentText.convert(text, type, ""));
        } else {
            builder.type(Object.class).converters(text -> ArgumentText.convert(text, type, ""));
            if (unwrap(type) instanceof BoolType) {
                builder.arity("0..1").fallbackValue("true").paramLabel("true|false");
            }
        }
        return builder.build();
    }

    private boolean isRequired(Field field) {
        return struct.required().contains(field.name());
    }

    /** The struct the given options add up to; a usage error if a required field has no value. */
    Map<String, Object> collect(CommandContext context) {
        Map<String, Object> values = new LinkedHashMap<>();
        byField.forEach((field, option) -> {
            Object value = option.getValue();
            OptionSpec file = fileByField.get(field);
            if (value != null && file != null && file.getValue() != null) {
                throw context.usageError("give " + option.longestName() + " or " + file.longestName() + ", not both");
            }
            if (value == null && file != null) {
                value = file.getValue();
            }
            if (value == null && verb.defaults().containsKey(field)) {
                value = ArgumentText.convert(verb.defaults().get(field), struct.field(field).type(), option.longestName());
            }
            if (value != null) {
                values.put(field, value);
            }
        });
        if (clear != null && clear.getValue() != null) {
            List<String> cleared = clear.getValue();
            for (String field : cleared) {
                if (values.containsKey(field)) {
                    throw context.usageError("--clear " + field + " and " + byField.get(field).longestName()
                            + " contradict each other");
                }
                values.put(field, null);
            }
        }
        for (String field : struct.required()) {
            if (!values.containsKey(field) && byField.containsKey(field)) {
                OptionSpec file = fileByField.get(field);
                throw context.usageError("missing required option " + byField.get(field).longestName()
                        + (file == null ? "" : " (or " + file.longestName() + ")"));
            }
        }
        return values;
    }

    private static ValueType unwrap(ValueType type) {
        return type instanceof NullableType nullable ? nullable.type() : type;
    }
}
