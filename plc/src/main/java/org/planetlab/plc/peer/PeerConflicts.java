package org.planetlab.plc.peer;

import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The names that must stay unique among live objects, local and foreign alike: a foreign site,
 * node, person or slice whose name is taken here by another object is not stored (PLCAPI's
 * peering skipped such objects too), since names are how people and nodes find them.
 */
final class PeerConflicts {
    private record Unique(String column, String description) {}

    private static final Map<ForeignKind, Unique> UNIQUE = Map.of(
            ForeignKind.SITE, new Unique("login_base", "login_base"),
            ForeignKind.NODE, new Unique("hostname_key", "hostname"),
            ForeignKind.PERSON, new Unique("email_key", "e-mail address"),
            ForeignKind.SLICE, new Unique("name", "slice name"));

    private PeerConflicts() {}

    /** Why {@code row} cannot be stored as object {@code localId} (-1 for a new one); empty if it can. */
    static Optional<String> find(Handle handle, ForeignKind kind, Map<String, Object> row, long localId) {
        Unique unique = UNIQUE.get(kind);
        if (unique == null) {
            return Optional.empty();
        }
        Object value = row.get(unique.column());
        return handle.createQuery("SELECT t." + kind.idColumn() + ", p.peername FROM " + kind.table() + " t"
                        + " LEFT JOIN peers p ON p.peer_id = t.peer_id WHERE t." + unique.column() + " = :value AND t."
                        + kind.live() + " AND t." + kind.idColumn() + " <> :own")
                .bind("value", value).bind("own", localId)
                .map((result, context) -> "its %s %s is taken here by %s %d%s".formatted(unique.description(), value,
                        kind.name().toLowerCase(java.util.Locale.ROOT), result.getLong(1),
                        result.getString(2) == null ? " (a local one)" : " of peer " + result.getString(2)))
                .findFirst();
    }
}
