package org.planetlab.plc.typetable;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Rows;

/**
 * Values of the one-column type tables: listed built-in values first, then those an operator
 * added (in name order); the built-in ones cannot be deleted, nor an added one still in use.
 */
public final class TypeValues {
    private final MutationPath mutations;

    public TypeValues(MutationPath mutations) {
        this.mutations = requireNonNull(mutations, "mutations is null");
    }

    /** Every value of the table, the built-in ones first. */
    public static List<String> list(Handle handle, TypeValueTable table) {
        List<String> stored = handle.createQuery("SELECT " + table.column() + " FROM " + table.table()
                + " ORDER BY " + table.column()).mapTo(String.class).list();
        List<String> values = new ArrayList<>();
        table.builtIn().stream().filter(stored::contains).forEach(values::add);
        stored.stream().filter(value -> !table.builtIn().contains(value)).forEach(values::add);
        return values;
    }

    /** Whether the table holds the value. */
    public static boolean exists(Handle handle, TypeValueTable table, String value) {
        return handle.createQuery("SELECT COUNT(*) FROM " + table.table() + " WHERE " + table.column() + " = :value")
                .bind("value", value).mapTo(Long.class).one() > 0;
    }

    /** Checks that {@code value}, given as {@code path}, is a value of the table. */
    public static void require(Handle handle, TypeValueTable table, String value, String path) {
        if (!exists(handle, table, value)) {
            throw PlanetLabException.invalidArgument("%s: \"%s\" is not a %s; the %ss are %s".formatted(path, value,
                    table.what(), table.what(), String.join(", ", list(handle, table))));
        }
    }

    public void add(Caller caller, TypeValueTable table, String value) {
        mutations.run(caller, "Add" + table.name(), List.of(value), mutation -> {
            add(mutation, table, value);
            return null;
        });
    }

    public void add(Mutation mutation, TypeValueTable table, String value) {
        if (exists(mutation.db(), table, value)) {
            throw PlanetLabException.alreadyExists("%s \"%s\" exists already".formatted(table.what(), value));
        }
        Rows.insert(mutation.db(), table.table(), Map.of(table.column(), value));
        mutation.message("%s %s added".formatted(table.what(), value));
    }

    public void delete(Caller caller, TypeValueTable table, String value) {
        mutations.run(caller, "Delete" + table.name(), List.of(value), mutation -> {
            delete(mutation, table, value);
            return null;
        });
    }

    public void delete(Mutation mutation, TypeValueTable table, String value) {
        if (table.builtIn().contains(value)) {
            throw PlanetLabException.invalidArgument("%s \"%s\" cannot be deleted: PLC acts on it (the %ss PLC acts"
                    .formatted(table.what(), value, table.what()) + " on are " + String.join(", ", table.builtIn())
                    + ")");
        }
        if (!exists(mutation.db(), table, value)) {
            throw PlanetLabException.notFound("no %s \"%s\"".formatted(table.what(), value));
        }
        long users = mutation.db().createQuery("SELECT COUNT(*) FROM " + table.usedBy()).bind("value", value)
                .mapTo(Long.class).one();
        if (users > 0) {
            throw new PlanetLabException(ErrorCode.IN_USE, "%s \"%s\" is used by %d %s; change them first"
                    .formatted(table.what(), value, users, table.users()));
        }
        Rows.execute(mutation.db(), "DELETE FROM " + table.table() + " WHERE " + table.column() + " = :value",
                Map.of("value", value));
        mutation.message("%s %s deleted".formatted(table.what(), value));
    }
}
