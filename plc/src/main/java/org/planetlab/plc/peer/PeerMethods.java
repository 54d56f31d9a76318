package org.planetlab.plc.peer;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.method.Role;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.store.QueryEngine;

/**
 * The peering methods: wire values in, a {@link PeerService} call, wire values out. RefreshPeer
 * asks the peer before its transaction opens (a preflight on the same thread), so a slow peer
 * never holds the store's write lock.
 */
final class PeerMethods {
    private final PeerService peers;
    private final String ownName;
    private final ThreadLocal<PeerService.Fetched> fetched = new ThreadLocal<>();

    PeerMethods(PeerService peers, String ownName) {
        this.peers = requireNonNull(peers, "peers is null");
        this.ownName = requireNonNull(ownName, "ownName is null");
    }

    void register(MethodRegistry registry) {
        registry.bind("AddPeer", call -> peers.addPeer(call.mutation(), fields(call.structArg(0))))
                .bind("UpdatePeer", call -> done(() -> peers.updatePeer(call.mutation(), call.arg(0),
                        fields(call.structArg(1)))))
                .bind("DeletePeer", call -> done(() -> peers.deletePeer(call.mutation(), call.arg(0))))
                .bind("DeleteAllPeerEntries", call -> done(() -> peers.deleteAllEntries(call.mutation(), call.arg(0))))
                .bind("GetPeers", call -> QueryEngine.get(call.db(), PeerTables.PEERS,
                        (Filter) call.optionalArg(0).orElse(Filter.ALL), call.returnFields(1), QueryEngine.Access.EVERYONE))
                .bind("GetPeerName", call -> ownName)
                .bind("GetPeerData", PeerMethods::getPeerData)
                .bind("RefreshPeer", (caller, args) -> fetched.set(peers.fetch(args.getFirst())), call -> {
                    try {
                        return peers.refresh(call.mutation(), call.arg(0), fetched.get());
                    } finally {
                        fetched.remove();
                    }
                })
                .bind("BindObjectToPeer", call -> done(() -> peers.bind(call.mutation(), call.stringArg(0),
                        call.longArg(1), call.stringArg(2), Optional.of(call.longArg(3)), true)))
                .bind("UnBindObjectFromPeer", call -> done(() -> peers.bind(call.mutation(), call.stringArg(0),
                        call.longArg(1), call.stringArg(2), call.optionalArg(3).map(id -> (Long) id), false)));
    }

    /** A calling peer also learns which of its nodes we know, by its ids and ours. */
    private static Object getPeerData(Call call) {
        Optional<Long> peerId = Optional.empty();
        if (call.caller().has(Role.PEER)) {
            // The authenticator verified this header's signature before the call ran.
            String name = PeerSignature.parse(call.request().header("Authorization").orElse(null)).caller();
            peerId = Peers.byName(call.db(), name).map(Peers.PeerRecord::peerId);
        }
        return PeerData.of(call.db(), peerId);
    }

    private static Object done(Runnable action) {
        action.run();
        return 1L;
    }

    private static PeerFields fields(Map<String, Object> wire) {
        return new PeerFields(new LinkedHashMap<>(wire));
    }
}
