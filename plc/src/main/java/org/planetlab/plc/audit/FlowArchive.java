package org.planetlab.plc.audit;

import java.util.List;
import java.util.OptionalLong;
import org.planetlab.api.audit.FlowBatch;
import org.planetlab.api.audit.FlowRecord;

/**
 * Where PLC keeps the flows nodes upload. A batch is stored whole or not at all, together with
 * the record that it was stored, so a batch resent after a crash is never counted twice. Callers
 * check who may store and read what; the archive only stores and answers.
 *
 * <p>Two engines: the embedded one ({@link DuckDbFlowArchive}, the default) and a ClickHouse server
 * ({@link ClickHouseFlowArchive}) for deployments that outgrow one machine or run several PLC
 * servers. They answer alike; {@code FlowArchiveTest} runs the same contract against both.
 */
public interface FlowArchive extends AutoCloseable {
    /** The most flows one query answers. */
    int MAX_ANSWER = 10_000;

    /**
     * Stores {@code batch} unless it was stored already.
     *
     * @param digest what the batch's content hashes to; a batch numbered like a stored one but
     *     with another digest is refused
     * @param receivedMillis when PLC received it
     */
    Ingest ingest(FlowBatch batch, String digest, long receivedMillis);

    /** The highest batch number stored for {@code nodeId}, if any. */
    OptionalLong highestSequence(int nodeId);

    /** The flows matching {@code query}, newest first, at most its limit. */
    List<FlowRecord> flows(FlowQuery query);

    /** A slice's traffic per hour, oldest hour first. */
    List<TrafficHour> sliceTraffic(int sliceId, long fromMillis, long toMillis);

    /** The slices that sent and received the most bytes in a window, most first. */
    List<TopTalker> topTalkers(long fromMillis, long toMillis, int limit, List<Integer> onlySliceIds);

    /** Drops the flows of days that ended more than {@code retentionDays} before {@code nowMillis}. */
    int dropExpired(long nowMillis, int retentionDays);

    /** Reorganizes finished days for fast lookups by address; a no-op where the engine needs none. */
    void optimize(long nowMillis);

    @Override
    void close();

    /**
     * What {@link #ingest} did.
     *
     * @param sequence the batch's number
     * @param stored how many records this call stored
     * @param duplicate true if the batch was stored before (then nothing was stored now)
     */
    record Ingest(long sequence, int stored, boolean duplicate) {}

    /**
     * One hour of a slice's traffic.
     *
     * @param hourMillis the start of the hour
     */
    record TrafficHour(long hourMillis, long bytesOut, long bytesIn, long packetsOut, long packetsIn, long flows,
            long destinations) {}

    /** A slice's share of the traffic in a window. */
    record TopTalker(int sliceId, String sliceName, long bytes, long packets, long flows, long destinations) {}
}
