package org.planetlab.plc.peer;

import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.function.UnaryOperator;
import org.planetlab.api.peer.PeerApi;
import org.planetlab.plc.store.JoinList;
import org.planetlab.plc.store.ObjectTable;

/** How peers are stored, for GetPeers: each with the live foreign objects pulled from it. */
final class PeerTables {
    private PeerTables() {}

    static final ObjectTable PEERS = ObjectTable.builder(PeerApi.PEER, "peers", "peer_id")
            .name("t.peername", UnaryOperator.identity())
            .live("t.deleted = FALSE")
            .plain(INTEGER, "peer_id", "date_created", "last_updated", "last_refreshed")
            .plain(TEXT, "peername", "shortname", "hrn_root", "peer_url", "ca_certificate", "public_key")
            .join(JoinList.ids("site_ids", "sites j", "j.peer_id", "j.site_id").withCondition("j.deleted = FALSE"))
            .join(JoinList.ids("node_ids", "nodes j", "j.peer_id", "j.node_id").withCondition("j.deleted = FALSE"))
            .join(JoinList.ids("person_ids", "persons j", "j.peer_id", "j.person_id").withCondition("j.deleted = FALSE"))
            .join(JoinList.ids("key_ids", "person_keys j", "j.peer_id", "j.key_id"))
            .join(JoinList.ids("slice_ids", "slices j", "j.peer_id", "j.slice_id").withCondition("j.is_deleted = FALSE"))
            .build();
}
