package org.planetlab.scs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.planetlab.api.sliver.SliceStops;
import org.planetlab.api.wire.JsonCodec;

/**
 * What the service must remember across restarts, in its own directory: for each sliver it
 * created for a slice authority, the slice's id there (a new id under the same name means the
 * slice was deleted and created again); for each sliver created from a ticket, its lease; for
 * each authority, the slices it last said are stopped. The node manager's table holds the slivers
 * themselves.
 */
final class ScsRecords {
    /** A sliver made for an authority's view. */
    record Central(String name, String authority, long sliceId) {}

    /** A sliver made from a ticket, until {@code end}. */
    record Leased(String name, String authority, String sliceName, String ticketId, String principal, Instant end, String lease) {}

    private final RecordFiles central;
    private final RecordFiles leases;
    private final RecordFiles stops;
    private final JsonCodec codec = new JsonCodec();
    private final Map<String, Central> centralByName = new TreeMap<>();
    private final Map<String, Leased> leasesByName = new TreeMap<>();
    private final Map<String, SliceStops> stopsByAuthority = new TreeMap<>();

    /** @param directory the service's directory; relative paths stay inside its working directory */
    ScsRecords(Path directory) {
        this.central = new RecordFiles(directory.resolve("slivers"));
        this.leases = new RecordFiles(directory.resolve("leases"));
        this.stops = new RecordFiles(directory.resolve("stops"));
        for (String file : central.names()) {
            Map<?, ?> wire = (Map<?, ?>) codec.read(central.read(file));
            Central record = new Central((String) wire.get("name"), (String) wire.get("authority"), (Long) wire.get("slice_id"));
            centralByName.put(record.name(), record);
        }
        for (String file : leases.names()) {
            Map<?, ?> wire = (Map<?, ?>) codec.read(leases.read(file));
            Leased record = new Leased((String) wire.get("name"), (String) wire.get("authority"), (String) wire.get("slice"),
                    (String) wire.get("ticket_id"), (String) wire.get("principal"), Instant.ofEpochSecond((Long) wire.get("end")),
                    (String) wire.get("lease"));
            leasesByName.put(record.name(), record);
        }
        for (String file : stops.names()) {
            Map<?, ?> wire = (Map<?, ?>) codec.read(stops.read(file));
            List<String> slices = ((List<?>) wire.get("slices")).stream().map(String.class::cast).toList();
            stopsByAuthority.put((String) wire.get("authority"), new SliceStops((Boolean) wire.get("all"), slices));
        }
    }

    Optional<Central> central(String name) {
        return Optional.ofNullable(centralByName.get(name));
    }

    java.util.Set<String> centralNames() {
        return java.util.Set.copyOf(centralByName.keySet());
    }

    void putCentral(Central record) {
        writeCentral(record);
        rememberCentral(record);
    }

    /** Remembers a record {@link #writeCentral} made durable. */
    void rememberCentral(Central record) {
        centralByName.put(record.name(), record);
    }

    /**
     * Makes {@code record} durable without remembering it; {@link #putCentral} does both. Safe on
     * another thread while the caller does not use these records until it returns.
     */
    void writeCentral(Central record) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", record.name());
        wire.put("authority", record.authority());
        wire.put("slice_id", record.sliceId());
        central.write(record.name() + ".json", codec.write(wire));
    }

    void removeCentral(String name) {
        central.delete(name + ".json");
        centralByName.remove(name);
    }

    Optional<Leased> lease(String name) {
        return Optional.ofNullable(leasesByName.get(name));
    }

    Map<String, Leased> leases() {
        return Map.copyOf(leasesByName);
    }

    void putLease(Leased record) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("name", record.name());
        wire.put("authority", record.authority());
        wire.put("slice", record.sliceName());
        wire.put("ticket_id", record.ticketId());
        wire.put("principal", record.principal());
        wire.put("end", record.end().getEpochSecond());
        wire.put("lease", record.lease());
        leases.write(record.name() + ".json", codec.write(wire));
        leasesByName.put(record.name(), record);
    }

    /** The stops an authority's last view named; none before its first view. */
    SliceStops stops(String authority) {
        return stopsByAuthority.getOrDefault(authority, SliceStops.NONE);
    }

    /**
     * Keeps an authority's stops across restarts: a ticket of a slice stopped at its authority is
     * refused even while the service has not reached the authority since it started.
     */
    void putStops(String authority, SliceStops stopped) {
        if (stopped.equals(stops(authority))) {
            return;
        }
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("authority", authority);
        wire.put("all", stopped.everySlice());
        wire.put("slices", stopped.slices());
        stops.write(authority + ".json", codec.write(wire));
        stopsByAuthority.put(authority, stopped);
    }

    void removeLease(String name) {
        leases.delete(name + ".json");
        leasesByName.remove(name);
    }
}
