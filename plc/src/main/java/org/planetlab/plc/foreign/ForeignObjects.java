package org.planetlab.plc.foreign;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.change.ObjectType;

/**
 * Objects pulled from a peering PLC (foreign objects) belong to that peer: only its RefreshPeer
 * changes them here. The services that change sites, nodes, persons, keys and slices ask this
 * class first, so a local edit of a foreign object is refused with the peer's name, and nothing
 * changes.
 */
public final class ForeignObjects {
    private record Kind(String table, String idColumn, String noun) {}

    private static final Map<ObjectType, Kind> KINDS = Map.of(
            ObjectType.SITE, new Kind("sites", "site_id", "site"),
            ObjectType.NODE, new Kind("nodes", "node_id", "node"),
            ObjectType.PERSON, new Kind("persons", "person_id", "person"),
            ObjectType.KEY, new Kind("person_keys", "key_id", "key"),
            ObjectType.SLICE, new Kind("slices", "slice_id", "slice"));

    private ForeignObjects() {}

    /** The peer an object was pulled from, as "peer NAME (peer_id N)"; empty for a local object. */
    public static Optional<String> peerOf(Handle handle, ObjectType type, long id) {
        Kind kind = kind(type);
        return handle.createQuery("SELECT p.peer_id, p.peername FROM " + kind.table() + " t JOIN peers p ON p.peer_id"
                        + " = t.peer_id WHERE t." + kind.idColumn() + " = :id")
                .bind("id", id)
                .map((row, context) -> "peer " + row.getString(2) + " (peer_id " + row.getLong(1) + ")")
                .findOne();
    }

    /**
     * Refuses {@code action} on a foreign object.
     *
     * @throws PlanetLabException LOCAL_ONLY naming the peer the object belongs to
     */
    public static void requireLocal(Handle handle, ObjectType type, long id, String action) {
        requireNonNull(action, "action is null");
        peerOf(handle, type, id).ifPresent(peer -> {
            throw new PlanetLabException(ErrorCode.LOCAL_ONLY, "%s: %s %d belongs to %s and is read-only here;"
                    .formatted(action, kind(type).noun(), id, peer) + " change it at that peer, whose next RefreshPeer"
                    + " brings the change here");
        });
    }

    private static Kind kind(ObjectType type) {
        Kind kind = KINDS.get(requireNonNull(type, "type is null"));
        if (kind == null) {
            throw new IllegalArgumentException(type + " objects are never foreign");
        }
        return kind;
    }
}
