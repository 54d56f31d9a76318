package org.planetlab.plc.audit;

import org.planetlab.api.audit.FlowRecord;

/**
 * The ClickHouse archive's two tables. {@code flows}: one partition per day of flow starts, so
 * retention drops whole partitions; sorted by remote address and time within each part, so a
 * lookup by address reads a few granules of each day. {@code batches}: the ledger of stored
 * batches, one partition per day received.
 *
 * <p>Both are ReplacingMergeTrees. ClickHouse has no transactions across an insert's parts, so a
 * crash (or a second PLC server taking the same resend) can leave a batch's records twice; each
 * record carries its batch's node, number and its position in the batch, which are the end of the
 * sort key, so the copies collapse into one when ClickHouse merges, and every read counts each
 * (node, batch, position) once meanwhile ({@code LIMIT 1 BY} or {@code FINAL}).
 */
final class ClickHouseTables {
    /** The flows' columns, in the order {@link #append} writes them. */
    static final String FLOW_COLUMNS_DDL = "start_ms Int64, end_ms Int64, remote_high Int64, remote_low Int64,"
            + " node_id Int32, sequence Int64, position UInt16, slice_id Int32, slice_name String, outbound UInt8,"
            + " protocol Int16, sliver_address String, sliver_port Int32, public_address String, public_port Int32,"
            + " remote_address String, remote_port Int32, packets_out Int64, bytes_out Int64, packets_in Int64,"
            + " bytes_in Int64, tcp_flags Int16, dropped UInt8";
    static final String FLOW_COLUMNS = FLOW_COLUMNS_DDL.replaceAll(" [A-Za-z0-9]+(,|$)", "$1");
    /**
     * The columns a flow is read back from, in {@link ClickHouseReads}' order. ClickHouse keeps every
     * record's text in its row: its columnar storage compresses such columns on its own.
     */
    static final String READ_COLUMNS = "node_id, slice_id, slice_name, outbound, protocol, start_ms, end_ms,"
            + " sliver_address, sliver_port, public_address, public_port, remote_address, remote_port, packets_out,"
            + " bytes_out, packets_in, bytes_in, tcp_flags, dropped";
    /** What identifies one record: the copies of a record stored twice agree on all of it. */
    static final String RECORD_KEY = "node_id, sequence, position";
    static final String BATCH_COLUMNS = "node_id, sequence, digest, records, received_ms";

    private ClickHouseTables() {}

    static String createFlows(String database) {
        return "CREATE TABLE IF NOT EXISTS " + database + ".flows (" + FLOW_COLUMNS_DDL + ") ENGINE = ReplacingMergeTree"
                + " PARTITION BY intDiv(start_ms, " + DayTables.DAY_MILLIS + ")"
                + " ORDER BY (remote_high, remote_low, start_ms, " + RECORD_KEY + ")";
    }

    static String createBatches(String database) {
        return "CREATE TABLE IF NOT EXISTS " + database + ".batches (node_id Int32, sequence Int64, digest String,"
                + " records Int32, received_ms Int64) ENGINE = ReplacingMergeTree"
                + " PARTITION BY intDiv(received_ms, " + DayTables.DAY_MILLIS + ") ORDER BY (node_id, sequence)";
    }

    /** Appends one record as a row of {@code flows}. */
    static void append(RowBinary rows, FlowRecord record, Addresses.Key remote, long sequence, int position) {
        rows.int64(record.startMillis()).int64(record.endMillis()).int64(remote.high()).int64(remote.low())
                .int32(record.nodeId()).int64(sequence).int16(position).int32(record.sliceId())
                .string(record.sliceName()).int8(record.direction() == FlowRecord.Direction.OUTBOUND ? 1 : 0)
                .int16(record.protocol()).string(record.sliverAddress()).int32(record.sliverPort())
                .string(record.publicAddress()).int32(record.publicPort()).string(record.remoteAddress())
                .int32(record.remotePort()).int64(record.packetsOut()).int64(record.bytesOut())
                .int64(record.packetsIn()).int64(record.bytesIn()).int16(record.tcpFlags())
                .int8(record.dropped() ? 1 : 0);
    }
}
