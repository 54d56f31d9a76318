package org.planetlab.plc.peer;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.key.SshPublicKey;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.node.NodeRemoval;
import org.planetlab.plc.person.PersonRemoval;
import org.planetlab.plc.slice.SliceRemoval;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;
import org.planetlab.trust.node.NodeKey;

/**
 * Makes a peer's foreign objects here match its checked GetPeerData answer, inside one
 * mutation: objects new at the peer are added (with fresh local ids and the peer's ids kept),
 * changed ones updated, vanished ones deleted, and the node and user lists of its slices set.
 * Whatever already matches is left alone, so a refresh with nothing changed at the peer touches
 * nothing and wakes no node. An object whose name is taken here (a login base, hostname, e-mail
 * address or slice name), or whose site or person was skipped, is skipped and reported.
 */
final class PeerRefresh {
    private final Mutation mutation;
    private final Peers.PeerRecord peer;
    private final SecureRandom random;
    private final Map<ForeignKind, int[]> counts = new EnumMap<>(ForeignKind.class);
    private final Map<ForeignKind, List<Long>> vanished = new EnumMap<>(ForeignKind.class);
    private final List<String> skipped = new ArrayList<>();
    private int[] sliceTags = new int[3];

    private PeerRefresh(Mutation mutation, Peers.PeerRecord peer, SecureRandom random) {
        this.mutation = requireNonNull(mutation, "mutation is null");
        this.peer = requireNonNull(peer, "peer is null");
        this.random = requireNonNull(random, "random is null");
        for (ForeignKind kind : ForeignKind.values()) {
            counts.put(kind, new int[3]);
        }
    }

    /** Applies checked, consistent data ({@link PeerDataSchema}); returns what changed. */
    static Map<String, Object> apply(Mutation mutation, Peers.PeerRecord peer, Map<String, Object> data,
            SecureRandom random) {
        return new PeerRefresh(mutation, peer, random).run(data);
    }

    private Map<String, Object> run(Map<String, Object> data) {
        Map<Long, Long> sites = sync(ForeignKind.SITE, wanted(data, ForeignKind.SITE, "site_id", site -> Optional.of(
                columns(site, "login_base", "name", "abbreviated_name", "url", "latitude", "longitude", "max_slices",
                        "max_slivers", "is_public", "enabled", "date_created", "last_updated"))));
        Map<Long, Long> nodes = sync(ForeignKind.NODE, wanted(data, ForeignKind.NODE, "node_id", node -> mapped(sites,
                node, "site_id", "its site").map(siteId -> {
                    Map<String, Object> row = columns(node, "hostname", "node_type", "boot_state", "model", "version",
                            "date_created", "last_updated");
                    row.put("site_id", siteId);
                    row.put("hostname_key", ((String) node.get("hostname")).toLowerCase(Locale.ROOT));
                    return row;
                })));
        Map<Long, Long> persons = sync(ForeignKind.PERSON, wanted(data, ForeignKind.PERSON, "person_id", person -> {
            Map<String, Object> row = columns(person, "email", "first_name", "last_name", "title", "url", "bio", "enabled",
                    "date_created", "last_updated");
            row.put("email_key", ((String) person.get("email")).toLowerCase(Locale.ROOT));
            return Optional.of(row);
        }));
        sync(ForeignKind.KEY, wanted(data, ForeignKind.KEY, "key_id", key -> mapped(persons, key, "person_id",
                "its person").flatMap(personId -> keyRow(key, personId))));
        Map<Long, Long> slices = sync(ForeignKind.SLICE, wanted(data, ForeignKind.SLICE, "slice_id", slice -> mapped(
                sites, slice, "site_id", "its site").map(siteId -> {
                    Map<String, Object> row = columns(slice, "name", "hrn", "instantiation", "state", "url",
                            "description", "max_nodes", "created", "expires");
                    row.put("site_id", siteId);
                    return row;
                })));
        new PeerMemberships(mutation, nodes, persons, PeerMemberships.peerNodes(mutation.db(), data), skipped)
                .apply(PeerDataSchema.list(data, "Slices"), slices);
        sliceTags = new PeerSliceTags(mutation, skipped).apply(PeerDataSchema.list(data, "SliceTags"), slices);
        deleteVanished();
        return summary();
    }

    /** The peer's objects of one kind by the peer's id, as rows to store; those that cannot be stored are skipped. */
    private Map<Long, Map<String, Object>> wanted(Map<String, Object> data, ForeignKind kind, String idField,
            Function<Map<String, Object>, Optional<Map<String, Object>>> row) {
        Map<Long, Map<String, Object>> wanted = new LinkedHashMap<>();
        for (Map<String, Object> object : PeerDataSchema.list(data, kind.wireName())) {
            long id = (Long) object.get(idField);
            try {
                row.apply(object).ifPresent(columns -> wanted.put(id, columns));
            } catch (Skipped skip) {
                skipped.add(kind.wireName() + ": the peer's " + idField + " " + id + " " + skip.getMessage());
            }
        }
        return wanted;
    }

    private Optional<Map<String, Object>> keyRow(Map<String, Object> key, long personId) {
        SshPublicKey parsed;
        try {
            parsed = SshPublicKey.parse((String) key.get("key"));
        } catch (PlanetLabException e) {
            throw new Skipped("is refused by this PLC's key rules: " + e.getMessage());
        }
        if (mutation.db().createQuery("SELECT 1 FROM key_blacklist WHERE fingerprint = :fingerprint")
                .bind("fingerprint", parsed.fingerprint()).mapTo(Integer.class).findFirst().isPresent()) {
            throw new Skipped("is blacklisted here (" + parsed.fingerprint() + ")");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("person_id", personId);
        row.put("key_type", key.get("key_type"));
        row.put("key_text", key.get("key"));
        row.put("fingerprint", parsed.fingerprint());
        return Optional.of(row);
    }

    /** Our id of the object {@code field} names; the object is skipped if that one was. */
    private static Optional<Long> mapped(Map<Long, Long> ids, Map<String, Object> object, String field, String what) {
        Long local = ids.get((Long) object.get(field));
        if (local == null) {
            throw new Skipped("is skipped with " + what + " (" + field + " " + object.get(field) + ")");
        }
        return Optional.of(local);
    }

    /** Adds, updates and notes as vanished this kind's foreign objects; returns the peer's ids to ours. */
    private Map<Long, Long> sync(ForeignKind kind, Map<Long, Map<String, Object>> wanted) {
        Map<Long, Long> ids = new HashMap<>();
        Map<Long, Map<String, Object>> existing = existing(kind);
        Map<Long, Long> localIds = new HashMap<>();
        existing.forEach((peerId, row) -> localIds.put(peerId, (Long) row.remove(kind.idColumn())));
        int[] count = counts.get(kind);
        for (Map.Entry<Long, Map<String, Object>> entry : wanted.entrySet()) {
            long peerId = entry.getKey();
            Map<String, Object> row = normalized(kind, entry.getValue());
            Long localId = localIds.get(peerId);
            Optional<String> conflict = PeerConflicts.find(mutation.db(), kind, row, localId == null ? -1 : localId);
            if (conflict.isPresent()) {
                skipped.add(kind.wireName() + ": the peer's " + kind.idColumn() + " " + peerId + " is skipped: "
                        + conflict.get());
                continue;
            }
            if (localId == null) {
                localId = insert(kind, peerId, row);
                count[0]++;
            } else if (!row.equals(existing.get(peerId))) {
                Rows.update(mutation.db(), kind.table(), kind.idColumn(), localId, row);
                mutation.affected(kind.type(), localId);
                count[1]++;
            }
            ids.put(peerId, localId);
        }
        List<Long> gone = new ArrayList<>();
        localIds.forEach((peerId, localId) -> {
            if (!ids.containsKey(peerId)) {
                gone.add(localId);
            }
        });
        vanished.put(kind, gone);
        count[2] += gone.size();
        return ids;
    }

    private Map<Long, Map<String, Object>> existing(ForeignKind kind) {
        List<String> columns = new ArrayList<>(kind.columns().keySet());
        return mutation.db().createQuery("SELECT " + kind.idColumn() + ", " + kind.peerIdColumn() + ", "
                        + String.join(", ", columns) + " FROM " + kind.table() + " WHERE peer_id = :peer AND " + kind.live())
                .bind("peer", peer.peerId())
                .reduceResultSet(new HashMap<Long, Map<String, Object>>(), (rows, resultSet, context) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put(kind.idColumn(), resultSet.getLong(1));
                    for (int index = 0; index < columns.size(); index++) {
                        row.put(columns.get(index), kind.columns().get(columns.get(index)).read(resultSet, index + 3));
                    }
                    rows.put(resultSet.getLong(2), row);
                    return rows;
                });
    }

    private long insert(ForeignKind kind, long peerId, Map<String, Object> row) {
        long localId = Database.nextId(mutation.db(), kind.counter());
        Map<String, Object> columns = new LinkedHashMap<>(row);
        columns.put(kind.idColumn(), localId);
        columns.put("peer_id", peer.peerId());
        columns.put(kind.peerIdColumn(), peerId);
        switch (kind) {
            case SITE, PERSON -> columns.put("deleted", false);
            // A foreign node never authenticates here: its key is random and never shown.
            case NODE -> {
                columns.put("deleted", false);
                columns.put("node_key", NodeKey.generate(random).encoded());
            }
            case SLICE -> {
                columns.put("stopped_by_operator", false);
                columns.put("is_deleted", false);
            }
            case KEY -> mutation.affected(ObjectType.PERSON, (Long) row.get("person_id"));
        }
        Rows.insert(mutation.db(), kind.table(), columns);
        mutation.affected(kind.type(), localId);
        return localId;
    }

    /** Deletes what vanished at the peer, dependents first: slices, keys, persons, nodes, sites. */
    private void deleteVanished() {
        vanished.get(ForeignKind.SLICE).forEach(sliceId -> SliceRemoval.markDeleted(mutation, sliceId));
        for (long keyId : vanished.get(ForeignKind.KEY)) {
            mutation.db().createQuery("SELECT person_id FROM person_keys WHERE key_id = :id").bind("id", keyId)
                    .mapTo(Long.class).findOne().ifPresent(personId -> mutation.affected(ObjectType.PERSON, personId));
            Rows.execute(mutation.db(), "DELETE FROM person_keys WHERE key_id = :id", Map.of("id", keyId));
            mutation.affected(ObjectType.KEY, keyId);
        }
        vanished.get(ForeignKind.PERSON).forEach(personId -> PersonRemoval.markDeleted(mutation, personId));
        vanished.get(ForeignKind.NODE).forEach(nodeId -> NodeRemoval.markDeleted(mutation, nodeId));
        for (long siteId : vanished.get(ForeignKind.SITE)) {
            Rows.update(mutation.db(), "sites", "site_id", siteId, Map.of("deleted", true, "last_updated", mutation.now()));
            mutation.affected(ObjectType.SITE, siteId);
        }
    }

    private Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("peername", peer.peername());
        for (ForeignKind kind : ForeignKind.values()) {
            int[] count = counts.get(kind);
            summary.put(kind.wireName(), Map.of("added", (long) count[0], "updated", (long) count[1],
                    "deleted", (long) count[2]));
        }
        summary.put("SliceTags", Map.of("added", (long) sliceTags[0], "updated", (long) sliceTags[1],
                "deleted", (long) sliceTags[2]));
        summary.put("skipped", List.copyOf(skipped));
        return summary;
    }

    private static Map<String, Object> columns(Map<String, Object> object, String... names) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String name : names) {
            row.put(name, object.get(name));
        }
        return row;
    }

    /** The row with each value as the store gives it back (whole numbers as long, decimals as double). */
    private static Map<String, Object> normalized(ForeignKind kind, Map<String, Object> row) {
        Map<String, Object> normalized = new LinkedHashMap<>();
        for (String column : kind.columns().keySet()) {
            Object value = row.get(column);
            normalized.put(column, switch (kind.columns().get(column)) {
                case INTEGER -> value == null ? null : ((Number) value).longValue();
                case DOUBLE -> value == null ? null : ((Number) value).doubleValue();
                default -> value;
            });
        }
        return normalized;
    }

    /** Why one object of the peer is not stored here; the others are. */
    static final class Skipped extends RuntimeException {
        Skipped(String why) {
            super(why, null, false, false);
        }
    }
}
