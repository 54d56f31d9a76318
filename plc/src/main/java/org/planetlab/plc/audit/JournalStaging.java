package org.planetlab.plc.audit;

/**
 * When the embedded archive loads its journaled batches into DuckDB.
 *
 * @param loadRecords load once this many records are journaled (DuckDB writes row groups of
 *     122,880 rows straight into the file when one transaction appends them)
 * @param loadLagMillis load at the latest this long after a batch was journaled
 * @param maxJournaledRecords uploads wait while this many records wait for their load
 * @param partRecords a load is split, by batch, into parts of at least this many records loaded at
 *     the same time on connections of their own (a row group each, so each is still written directly)
 */
record JournalStaging(int loadRecords, long loadLagMillis, int maxJournaledRecords, int partRecords) {
    static final JournalStaging DEFAULT = new JournalStaging(245_760, 1_000, 1_000_000, 122_880);
}
