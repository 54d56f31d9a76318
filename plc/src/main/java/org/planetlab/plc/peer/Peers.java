package org.planetlab.plc.peer;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;

/** Reading the peers table: a registered, live peer by id or name. */
final class Peers {
    private Peers() {}

    /** What PLC keeps of a peer. */
    record PeerRecord(long peerId, String peername, Optional<String> shortname, String url, String caCertificate,
            String publicKey) {}

    private static final String COLUMNS = "SELECT peer_id, peername, shortname, peer_url, ca_certificate, public_key"
            + " FROM peers WHERE deleted = FALSE AND ";

    /** The live peer with this id (a Long) or name (a String). */
    static PeerRecord require(Handle handle, Object idOrName) {
        Optional<PeerRecord> found = idOrName instanceof Long id ? find(handle, "peer_id = :key", id)
                : find(handle, "peername = :key", idOrName);
        return found.orElseThrow(() -> PlanetLabException.notFound("no peer with "
                + (idOrName instanceof Long ? "peer_id " : "peername ") + idOrName + "; GetPeers lists them"));
    }

    static Optional<PeerRecord> byName(Handle handle, String name) {
        return find(handle, "peername = :key", name);
    }

    static PeerRecord requireByShortname(Handle handle, String shortname) {
        return find(handle, "shortname = :key", shortname).orElseThrow(() -> PlanetLabException.notFound(
                "no peer with shortname " + shortname + "; GetPeers lists them"));
    }

    private static Optional<PeerRecord> find(Handle handle, String condition, Object key) {
        return handle.createQuery(COLUMNS + condition).bind("key", key)
                .map((row, context) -> new PeerRecord(row.getLong(1), row.getString(2),
                        Optional.ofNullable(row.getString(3)), row.getString(4), row.getString(5), row.getString(6)))
                .findFirst();
    }
}
