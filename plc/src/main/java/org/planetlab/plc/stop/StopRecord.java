package org.planetlab.plc.stop;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One stop: at which level, of what, by whom (and in which right), why and when, and whether and
 * by whom it was lifted.
 *
 * @param level {@code sliver} (one node), {@code slice} (everywhere), {@code site} (one of a site's
 *     slices, stopped with the rest) or {@code all} (every slice on every node)
 * @param authority {@code operator}, {@code site} (a PI or tech of the node's or slice's site) or
 *     {@code slice} (the slice's own users)
 */
public record StopRecord(long stopId, String level, Optional<Long> sliceId, Optional<Long> nodeId,
        Optional<Long> siteId, Optional<Long> personId, String authority, String reason, long stoppedAt,
        Optional<Long> liftedAt, Optional<Long> liftedBy) {
    public StopRecord {
        requireNonNull(level, "level is null");
        requireNonNull(sliceId, "sliceId is null");
        requireNonNull(nodeId, "nodeId is null");
        requireNonNull(siteId, "siteId is null");
        requireNonNull(personId, "personId is null");
        requireNonNull(authority, "authority is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(liftedAt, "liftedAt is null");
        requireNonNull(liftedBy, "liftedBy is null");
    }

    public boolean active() {
        return liftedAt.isEmpty();
    }

    public Map<String, Object> toWire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("stop_id", stopId);
        wire.put("level", level);
        wire.put("slice_id", sliceId.orElse(null));
        wire.put("node_id", nodeId.orElse(null));
        wire.put("site_id", siteId.orElse(null));
        wire.put("person_id", personId.orElse(null));
        wire.put("authority", authority);
        wire.put("reason", reason);
        wire.put("stopped_at", stoppedAt);
        wire.put("lifted_at", liftedAt.orElse(null));
        wire.put("lifted_by", liftedBy.orElse(null));
        return wire;
    }
}
