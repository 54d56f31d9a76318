package org.planetlab.cli.command;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.method.Param;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.ValueType;
import org.planetlab.cli.output.Presentation;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code list} and {@code show} of a Get method: {@code list [ID|NAME...] [--filter F=V...]
 * [--fields A,B] [--sort F] [--limit N] [--offset N]} prints a table; {@code show ID|NAME}
 * prints one object as a record and fails with exit code 5 if there is none.
 */
public final class ListCommand implements Callable<Integer>, CallsMethods {
    private final CommandContext context;
    private final MethodSpec method;
    private final FilterType filter;
    private final List<String> columns;
    private final boolean show;
    private PositionalParamSpec references;
    private OptionSpec conditions;
    private OptionSpec fields;
    private OptionSpec sort;
    private OptionSpec limit;
    private OptionSpec offset;

    private ListCommand(CommandContext context, MethodSpec method, List<String> columns, boolean show) {
        this.context = requireNonNull(context, "context is null");
        this.method = requireNonNull(method, "method is null");
        this.columns = List.copyOf(columns);
        this.show = show;
        Param first = method.params().isEmpty() ? null : method.params().getFirst();
        if (first == null || !(first.type() instanceof FilterType type)) {
            throw new IllegalArgumentException(method.name() + " does not take a filter");
        }
        this.filter = type;
        for (String column : this.columns) {
            // A column the object does not have would silently vanish from every table.
            type.objectType().field(column);
        }
    }

    /** {@code list} for a Get method, with the columns its table shows unless --fields says otherwise. */
    public static CommandFactory list(String name, String method, List<String> columns) {
        return context -> new ListCommand(context, Verb.lookup(method), columns, false).build(name);
    }

    /** {@code show} for a Get method. */
    public static CommandFactory show(String name, String method) {
        return context -> new ListCommand(context, Verb.lookup(method), List.of(), true).build(name);
    }

    private CommandSpec build(String name) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
        spec.name(name);
        String noun = filter.objectType().name();
        String summary = show ? "Shows one " + noun + " with all its fields." : "Lists " + noun + " records as a table.";
        HelpText.describe(spec, method, summary);
        String label = filter.nameField() == null ? filter.idField().toUpperCase(java.util.Locale.ROOT)
                : (filter.idField() + "|" + filter.nameField()).toUpperCase(java.util.Locale.ROOT);
        references = PositionalParamSpec.builder().index("0").arity(show ? "1" : "0..*").paramLabel(label)
                .type(show ? Object.class : List.class).auxiliaryTypes(Object.class)
                .converters(text -> FilterText.reference(text, filter))
                .description(HelpText.literal(show ? "the " + noun + " to show" : "only these " + noun + " records"))
                .build();
        spec.addPositional(references);
        if (!show) {
            conditions = listOption(spec, "--filter", "FIELD=VALUE", "Only records whose FIELD matches VALUE; repeat for"
                    + " more conditions (a field given twice matches either value). Prefixes: ~ not, < > less/greater,"
                    + " [ ] at most/at least, & | array holds all/any; * in a value is a wildcard. Fields: "
                    + String.join(", ", filter.objectType().fields().keySet()) + ".", null);
        }
        fields = listOption(spec, "--fields", "FIELD", "Return (and show) only these fields, e.g. "
                + String.join(",", sample()) + ".", ",");
        if (!show) {
            sort = listOption(spec, "--sort", "FIELD", "Sort by these fields; prefix - for descending.", ",");
            limit = longOption(spec, "--limit", "At most N records.");
            offset = longOption(spec, "--offset", "Skip the first N records.");
        }
        return context.decorate(spec);
    }

    private List<String> sample() {
        return filter.objectType().fields().keySet().stream().limit(3).toList();
    }

    private static OptionSpec listOption(CommandSpec spec, String name, String label, String description, String split) {
        OptionSpec.Builder builder = OptionSpec.builder(name).paramLabel(label).type(List.class).auxiliaryTypes(String.class)
                .description(HelpText.literal(description));
        if (split != null) {
            builder.splitRegex(split);
        }
        OptionSpec option = builder.build();
        spec.addOption(option);
        return option;
    }

    private static OptionSpec longOption(CommandSpec spec, String name, String description) {
        OptionSpec option = OptionSpec.builder(name).paramLabel("N").type(Long.class)
                .description(HelpText.literal(description)).build();
        spec.addOption(option);
        return option;
    }

    @Override
    public List<String> methods() {
        return List.of(method.name());
    }

    @Override
    public Integer call() {
        List<Object> referenced = show ? List.of(references.<Object>getValue()) : values(references.getValue());
        List<String> returned = values(fields.getValue());
        Object filterValue = show ? referenced : FilterText.build(filter, referenced, values(conditions.getValue()),
                values(sort.getValue()), limit.getValue(), offset.getValue());
        List<Object> arguments = new ArrayList<>();
        arguments.add(filterValue);
        if (!returned.isEmpty()) {
            arguments.add(returned);
        }
        Object result = context.client(method).callWith(method.name(), arguments);
        List<?> rows = result instanceof List<?> list ? list : List.of();
        String noun = filter.objectType().name();
        if (show && rows.isEmpty()) {
            throw PlanetLabException.notFound("no " + noun + " " + referenced.getFirst() + " (that "
                    + context.connection().who() + " can see)");
        }
        if (context.json()) {
            context.print(result, Presentation.of(method.returns()));
        } else if (show) {
            context.print(rows.getFirst(), Presentation.of(elementType()));
        } else if (rows.isEmpty()) {
            context.message("no matching " + noun + " records");
        } else {
            context.print(result, new Presentation(method.returns(), returned.isEmpty() ? columns : returned));
        }
        return 0;
    }

    private ValueType elementType() {
        return method.returns() instanceof ArrayType array ? array.element() : method.returns();
    }

    private static <T> List<T> values(List<T> value) {
        return value == null ? List.of() : value;
    }
}
