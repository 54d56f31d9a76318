package org.planetlab.plc.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalLong;
import org.planetlab.api.error.PlanetLabException;

/**
 * Which part of a typed list to read: at most {@code limit} objects (1 to {@link #MAX_LIMIT}),
 * in order of their ids, after {@code afterId} if given. A reader pages on by asking again after
 * the last id it got, so no list is ever read whole by accident.
 */
public record Page(int limit, OptionalLong afterId) {
    public static final int MAX_LIMIT = 1000;

    public Page {
        requireNonNull(afterId, "afterId is null");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw PlanetLabException.invalidArgument("limit: %d is not from 1 to %d; read further with after(the last id)"
                    .formatted(limit, MAX_LIMIT));
        }
    }

    /** The first {@code limit} objects. */
    public static Page first(int limit) {
        return new Page(limit, OptionalLong.empty());
    }

    /** The next {@code limit} objects after the one with {@code id}. */
    public Page after(long id) {
        return new Page(limit, OptionalLong.of(id));
    }

    /**
     * Appends this page's condition on {@code idColumn}, the order and the limit to a query whose
     * conditions are already in {@code sql}, with their positional parameters in {@code parameters}.
     */
    public void appendTo(StringBuilder sql, List<Object> parameters, String idColumn) {
        afterId.ifPresent(id -> {
            sql.append(" AND ").append(idColumn).append(" > ?");
            parameters.add(id);
        });
        sql.append(" ORDER BY ").append(idColumn).append(" LIMIT ?");
        parameters.add(limit);
    }
}
