package org.planetlab.plc.peer;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.auth.Caller;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.mutation.MutationPath;
import org.planetlab.plc.store.Database;
import org.planetlab.plc.store.Rows;

/**
 * Peering PLCs: registering them (operators only), pulling their data as foreign objects, and
 * forgetting them with everything pulled from them. Every change goes through the
 * {@link MutationPath}, a refresh in one transaction with its event-log entry; talking to the
 * peer happens before that transaction opens ({@link #fetch}).
 */
public final class PeerService {
    private final MutationPath mutations;
    private final Database database;
    private final PeerClient client;
    private final SecureRandom random;

    PeerService(MutationPath mutations, Database database, PeerClient client, SecureRandom random) {
        this.mutations = requireNonNull(mutations, "mutations is null");
        this.database = requireNonNull(database, "database is null");
        this.client = requireNonNull(client, "client is null");
        this.random = requireNonNull(random, "random is null");
    }

    public long addPeer(Caller caller, PeerFields fields) {
        return mutations.run(caller, "AddPeer", List.of(), mutation -> addPeer(mutation, fields));
    }

    public long addPeer(Mutation mutation, PeerFields fields) {
        requireOperator(mutation, "AddPeer");
        for (String required : List.of("peername", "peer_url", "ca_certificate", "public_key")) {
            if (fields.columns().get(required) == null) {
                throw PlanetLabException.invalidArgument("peer_fields." + required + " is required");
            }
        }
        requireFreeName(mutation.db(), (String) fields.columns().get("peername"), -1);
        long peerId = Database.nextId(mutation.db(), "peers");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("peer_id", peerId);
        row.putAll(fields.columns());
        row.put("date_created", mutation.now());
        row.put("last_updated", mutation.now());
        row.put("deleted", false);
        Rows.insert(mutation.db(), "peers", row);
        mutation.affected(ObjectType.PEER, peerId);
        mutation.message("peer %d (%s) added".formatted(peerId, fields.columns().get("peername")));
        return peerId;
    }

    public void updatePeer(Mutation mutation, Object peerRef, PeerFields fields) {
        requireOperator(mutation, "UpdatePeer");
        Peers.PeerRecord peer = Peers.require(mutation.db(), peerRef);
        if (fields.columns().get("peername") instanceof String name) {
            requireFreeName(mutation.db(), name, peer.peerId());
        }
        for (String required : List.of("peername", "peer_url", "ca_certificate", "public_key")) {
            if (fields.columns().containsKey(required) && fields.columns().get(required) == null) {
                throw PlanetLabException.invalidArgument("peer_fields." + required + " cannot be nil");
            }
        }
        Map<String, Object> row = new LinkedHashMap<>(fields.columns());
        row.put("last_updated", mutation.now());
        Rows.update(mutation.db(), "peers", "peer_id", peer.peerId(), row);
        mutation.affected(ObjectType.PEER, peer.peerId());
        mutation.message("peer %d (%s) updated".formatted(peer.peerId(), peer.peername()));
    }

    /** Deletes the peer and every foreign object pulled from it, with their slivers on our nodes. */
    public void deletePeer(Caller caller, Object peerRef) {
        mutations.run(caller, "DeletePeer", List.of(peerRef), mutation -> {
            deletePeer(mutation, peerRef);
            return null;
        });
    }

    public void deletePeer(Mutation mutation, Object peerRef) {
        Peers.PeerRecord peer = deleteAllEntries(mutation, peerRef, "DeletePeer");
        Rows.update(mutation.db(), "peers", "peer_id", peer.peerId(), Map.of("deleted", true,
                "last_updated", mutation.now()));
        mutation.affected(ObjectType.PEER, peer.peerId());
        mutation.message("peer %d (%s) deleted with its foreign objects".formatted(peer.peerId(), peer.peername()));
    }

    /** Deletes every foreign object pulled from the peer, keeping the peer. */
    public void deleteAllEntries(Mutation mutation, Object peerRef) {
        Peers.PeerRecord peer = deleteAllEntries(mutation, peerRef, "DeleteAllPeerEntries");
        mutation.message("the foreign objects of peer %d (%s) deleted".formatted(peer.peerId(), peer.peername()));
    }

    private Peers.PeerRecord deleteAllEntries(Mutation mutation, Object peerRef, String action) {
        requireOperator(mutation, action);
        Peers.PeerRecord peer = Peers.require(mutation.db(), peerRef);
        // Everything the peer had is gone from data that holds nothing.
        PeerRefresh.apply(mutation, peer, PeerDataSchema.EMPTY, random);
        return peer;
    }

    /**
     * Pulls the peer's data over HTTPS and checks it, outside any transaction; {@link #refresh}
     * then stores it.
     */
    public Fetched fetch(Object peerRef) {
        Peers.PeerRecord peer = database.read(handle -> Peers.require(handle, peerRef));
        Map<String, Object> data = PeerDataSchema.check(client.getPeerData(peer));
        PeerDataSchema.requireConsistent(data);
        return new Fetched(peer, data);
    }

    /** A peer's checked GetPeerData answer, and the peer as it was registered when it was asked. */
    public record Fetched(Peers.PeerRecord peer, Map<String, Object> data) {
        public Fetched {
            requireNonNull(peer, "peer is null");
            data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    /** Pulls the peer's data and stores it: {@link #fetch}, then {@link #refresh(Mutation, Object, Fetched)}. */
    public Map<String, Object> refresh(Caller caller, Object peerRef) {
        Fetched fetched = fetch(peerRef);
        return mutations.run(caller, "RefreshPeer", List.of(peerRef), mutation -> refresh(mutation, peerRef, fetched));
    }

    /** Makes the peer's foreign objects match {@code fetched}, in the mutation's transaction. */
    public Map<String, Object> refresh(Mutation mutation, Object peerRef, Fetched fetched) {
        requireOperator(mutation, "RefreshPeer");
        Peers.PeerRecord peer = Peers.require(mutation.db(), peerRef);
        if (!peer.equals(fetched.peer())) {
            throw new PlanetLabException(ErrorCode.IN_USE, "peer " + peer.peername() + " was changed (UpdatePeer or"
                    + " DeletePeer) while its data was being pulled; nothing was changed, refresh it again");
        }
        Map<String, Object> summary = PeerRefresh.apply(mutation, peer, fetched.data(), random);
        Rows.update(mutation.db(), "peers", "peer_id", peer.peerId(), Map.of("last_refreshed", mutation.now()));
        mutation.message("peer %d (%s) refreshed: %s".formatted(peer.peerId(), peer.peername(), counts(summary)));
        return summary;
    }

    /** Makes a local object the peer's (BindObjectToPeer) or a foreign one local again. */
    public void bind(Mutation mutation, String objectType, long objectId, String shortname, Optional<Long> remoteId,
            boolean bind) {
        String action = bind ? "BindObjectToPeer" : "UnBindObjectFromPeer";
        requireOperator(mutation, action);
        ForeignKind kind = ForeignKind.valueOf(objectType.toUpperCase(Locale.ROOT));
        Peers.PeerRecord peer = Peers.requireByShortname(mutation.db(), shortname);
        Map<String, Object> current = mutation.db().createQuery("SELECT peer_id, " + kind.peerIdColumn() + " FROM "
                        + kind.table() + " WHERE " + kind.idColumn() + " = :id AND " + kind.live())
                .bind("id", objectId).mapToMap().findOne()
                .orElseThrow(() -> PlanetLabException.notFound("no " + objectType + " with id " + objectId));
        Object owner = current.get("peer_id");
        if (bind && owner != null) {
            throw PlanetLabException.invalidArgument(action + ": " + objectType + " " + objectId
                    + " is a foreign object already; unbind it first");
        }
        if (!bind && (owner == null || ((Number) owner).longValue() != peer.peerId() || remoteId.filter(id ->
                ((Number) current.get(kind.peerIdColumn())).longValue() != id).isPresent())) {
            throw PlanetLabException.invalidArgument(action + ": " + objectType + " " + objectId
                    + " is not an object of peer " + peer.peername() + remoteId.map(id -> " with its id " + id).orElse(""));
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("peer_id", bind ? peer.peerId() : null);
        columns.put(kind.peerIdColumn(), bind ? remoteId.orElseThrow() : null);
        Rows.update(mutation.db(), kind.table(), kind.idColumn(), objectId, columns);
        mutation.affected(kind.type(), objectId);
    }

    private static String counts(Map<String, Object> summary) {
        StringBuilder text = new StringBuilder();
        for (ForeignKind kind : ForeignKind.values()) {
            text.append(kind.wireName()).append(' ').append(summary.get(kind.wireName())).append("; ");
        }
        return text.append(((List<?>) summary.get("skipped")).size()).append(" skipped").toString();
    }

    private static void requireFreeName(Handle handle, String name, long own) {
        Peers.byName(handle, name).filter(other -> other.peerId() != own).ifPresent(other -> {
            throw PlanetLabException.alreadyExists("a peer named " + name + " exists already (peer_id "
                    + other.peerId() + ")");
        });
    }

    private static void requireOperator(Mutation mutation, String action) {
        if (!mutation.caller().isOperator()) {
            throw PlanetLabException.permissionDenied(action + " is for operators only");
        }
    }
}
