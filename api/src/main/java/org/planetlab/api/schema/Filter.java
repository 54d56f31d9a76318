package org.planetlab.api.schema;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A checked Get-method filter, in PLCAPI's semantics: objects whose id is in {@code ids} or
 * whose name is in {@code names}, or that satisfy the {@code conditions} (all of them, or any
 * if {@code matchAny}); then sorted, skipped and clipped. An empty filter matches everything.
 */
public record Filter(
        List<Long> ids,
        List<String> names,
        List<Condition> conditions,
        boolean matchAny,
        List<SortKey> sort,
        long offset,
        long limit) {

    public static final long NO_LIMIT = Long.MAX_VALUE;
    public static final Filter ALL = new Filter(List.of(), List.of(), List.of(), false, List.of(), 0, NO_LIMIT);

    public Filter {
        ids = List.copyOf(ids);
        names = List.copyOf(names);
        conditions = List.copyOf(conditions);
        sort = List.copyOf(sort);
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("negative offset or limit");
        }
    }

    /** Whether this filter selects by a list of ids and names (rather than by conditions). */
    public boolean isByIdOrName() {
        return !ids.isEmpty() || !names.isEmpty();
    }

    /** Whether the filter names {@code field} in a condition or sort key. */
    public boolean mentions(String field) {
        return conditions.stream().anyMatch(condition -> condition.field().equals(field));
    }

    /** Objects whose {@code field} equals {@code value}. */
    public static Filter where(String field, Object value) {
        return new Filter(List.of(), List.of(), List.of(new Condition(field, Comparison.EQUAL, false, List.of(value))),
                false, List.of(), 0, NO_LIMIT);
    }

    public static Filter byIds(List<Long> ids) {
        return new Filter(ids, List.of(), List.of(), false, List.of(), 0, NO_LIMIT);
    }

    /** How a condition compares the field with its values. */
    public enum Comparison {
        /** Equal to one of the values; a value with {@code *} is a case-insensitive pattern. */
        EQUAL,
        LESS,
        GREATER,
        LESS_OR_EQUAL,
        GREATER_OR_EQUAL,
        /** An array field containing every value. */
        CONTAINS_ALL,
        /** An array field containing at least one value. */
        CONTAINS_ANY,
    }

    /**
     * One condition on a field. {@code values} may hold {@code null}, meaning "is nil".
     */
    public record Condition(String field, Comparison comparison, boolean negated, List<Object> values) {
        public Condition {
            requireNonNull(field, "field is null");
            requireNonNull(comparison, "comparison is null");
            // null is a legitimate value (IS NULL), so no List.copyOf here.
            values = Collections.unmodifiableList(new ArrayList<>(requireNonNull(values, "values is null")));
        }
    }

    /** One sort key. */
    public record SortKey(String field, boolean descending) {
        public SortKey {
            requireNonNull(field, "field is null");
        }
    }
}
