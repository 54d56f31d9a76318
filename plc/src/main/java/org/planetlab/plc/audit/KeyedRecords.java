package org.planetlab.plc.audit;

import java.util.List;
import org.planetlab.api.audit.FlowRecord;

/**
 * A journaled batch's records of one day as the loader writes them: each record with its remote
 * address's key, the address's text if it is not the key's rendering ({@link Addresses#spelling}),
 * and its context (shared with the batch's records of the same context). Kept in arrays, not an
 * object or two a record: a batch waits in memory, beside the journal, until its load (up to a
 * million records), and objects that wait that long are copied by every young collection on the
 * way.
 */
final class KeyedRecords {
    final List<FlowRecord> records;
    final long[] remoteHigh;
    final long[] remoteLow;
    final FlowContexts.Context[] contexts;
    /** Null while no record has a spelling of its own (nearly always), else one for each record, mostly null. */
    String[] remoteSpellings;

    private KeyedRecords(List<FlowRecord> records) {
        this.records = records;
        int size = records.size();
        remoteHigh = new long[size];
        remoteLow = new long[size];
        contexts = new FlowContexts.Context[size];
    }

    /**
     * Keys the records, finding each one's context among {@code batchContexts}, adding those the
     * batch has no context like yet. A bad address refuses the whole batch.
     */
    static KeyedRecords of(List<FlowRecord> records, List<FlowContexts.Context> batchContexts) {
        KeyedRecords keyed = new KeyedRecords(records);
        FlowContexts.Context last = null;
        for (int index = 0; index < records.size(); index++) {
            FlowRecord record = records.get(index);
            if (last == null || !last.matches(record)) {
                last = context(batchContexts, record);
            }
            keyed.contexts[index] = last;
            String address = record.remoteAddress();
            Addresses.Key remote = Addresses.key(address);
            keyed.remoteHigh[index] = remote.high();
            keyed.remoteLow[index] = remote.low();
            String spelling = Addresses.spelling(address, remote);
            if (spelling != null) {
                if (keyed.remoteSpellings == null) {
                    keyed.remoteSpellings = new String[records.size()];
                }
                keyed.remoteSpellings[index] = spelling;
            }
        }
        return keyed;
    }

    int size() {
        return records.size();
    }

    /** The remote address as the node spelt it if that is not its key's rendering, else null. */
    String remoteSpelling(int index) {
        return remoteSpellings == null ? null : remoteSpellings[index];
    }

    /** The batch's context of the record, added if the batch has none like it yet. */
    private static FlowContexts.Context context(List<FlowContexts.Context> contexts, FlowRecord record) {
        for (FlowContexts.Context context : contexts) {
            if (context.matches(record)) {
                return context;
            }
        }
        FlowContexts.Context context = FlowContexts.Context.of(record);
        contexts.add(context);
        return context;
    }
}
