package org.planetlab.plc.audit;

/**
 * When the embedded archive loads its journaled batches into DuckDB.
 *
 * @param loadRecords load once this many records are journaled (DuckDB writes row groups of
 *     122,880 rows straight into the file when one transaction appends them)
 * @param loadLagMillis load at the latest this long after a batch was journaled
 * @param maxJournaledRecords uploads wait while this many records wait for their load
 */
record JournalStaging(int loadRecords, long loadLagMillis, int maxJournaledRecords) {
    static final JournalStaging DEFAULT = new JournalStaging(245_760, 1_000, 1_000_000);
}
