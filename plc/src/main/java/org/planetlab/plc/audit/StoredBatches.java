package org.planetlab.plc.audit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The once-only state of {@link DuckDbFlowArchive}: which batch numbers of each node it holds,
 * wherever they are (journaled or loaded), and the digests of the journaled ones, so that a batch
 * sent again is recognised and one sent again with other records is refused. The numbers of
 * loaded batches come from the ledger at open. Not thread-safe: used under the archive's lock.
 */
final class StoredBatches {
    private final Connection ledger;
    private final Map<Integer, NodeSequences> sequences = new HashMap<>();
    /** The digests of journaled batches not loaded yet, by (node, number). */
    private final Map<List<Long>, String> journaled = new HashMap<>();

    private StoredBatches(Connection ledger) {
        this.ledger = ledger;
    }

    /** Reads the numbers the ledger of {@code ledger} holds; its digests are read from it when needed. */
    static StoredBatches open(Connection ledger) throws SQLException {
        StoredBatches stored = new StoredBatches(ledger);
        try (Statement statement = ledger.createStatement();
                // Runs of consecutive numbers per node: the stored ranges, from which the gaps follow.
                ResultSet rows = statement.executeQuery("SELECT node_id, min(sequence), max(sequence) FROM"
                        + " (SELECT node_id, sequence, sequence - row_number() OVER (PARTITION BY node_id ORDER BY"
                        + " sequence) AS run FROM batches) GROUP BY node_id, run ORDER BY node_id, 2")) {
            while (rows.next()) {
                stored.sequences(rows.getInt(1)).addAscendingRange(rows.getLong(2), rows.getLong(3));
            }
        }
        return stored;
    }

    /** A batch's (node, number). */
    static List<Long> key(FlowBatch batch) {
        return List.of((long) batch.nodeId(), batch.sequence());
    }

    boolean contains(FlowBatch batch) {
        return sequences(batch.nodeId()).contains(batch.sequence());
    }

    /** The batch is journaled: its number is held, its digest kept until it is loaded. */
    void journaled(FlowBatch batch, String digest) {
        sequences(batch.nodeId()).add(batch.sequence());
        journaled.put(key(batch), digest);
    }

    /** The batch is loaded: the ledger holds its digest now. */
    void loaded(FlowBatch batch) {
        journaled.remove(key(batch));
    }

    OptionalLong highest(int nodeId) {
        NodeSequences stored = sequences.get(nodeId);
        return stored == null ? OptionalLong.empty() : stored.highest();
    }

    /** Refuses a held batch number sent again with other records than it was stored with. */
    void requireSameContent(FlowBatch batch, String digest) {
        String journaledDigest = journaled.get(key(batch));
        // A stored number whose row retention removed has only records too old to store again.
        String stored = journaledDigest != null ? journaledDigest
                : DuckDbTables.ledgerDigest(ledger, batch).orElse(digest);
        if (!stored.equals(digest)) {
            throw new PlanetLabException(ErrorCode.ALREADY_EXISTS, "batch " + batch.sequence() + " of node "
                    + batch.nodeId() + " was stored before with other records; a node resends exactly the batch it sent,"
                    + " and numbers new records with a new batch number");
        }
    }

    private NodeSequences sequences(int nodeId) {
        return sequences.computeIfAbsent(nodeId, node -> new NodeSequences());
    }
}
