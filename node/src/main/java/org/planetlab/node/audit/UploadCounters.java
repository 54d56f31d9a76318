package org.planetlab.node.audit;

/**
 * What the upload of a node's flow records to PLC has done and what waits, as the node's metrics
 * show it. The uploader lives in a package that reads the store; the capture's network only keeps
 * these counters, so that the store's package does not depend on its uploader.
 */
public interface UploadCounters {
    /** Records PLC acknowledged since the uploader started. */
    long recordsUploaded();

    /** Batches PLC acknowledged since the uploader started. */
    long batchesUploaded();

    /** Sends PLC refused or did not answer, or answered wrongly (the batch waits for the next call). */
    long failures();

    /** Records of the batch waiting for PLC's acknowledgement: the backlog's head, 0 when all is sent. */
    int pendingRecords();

    /** When the store last had nothing unsent (seconds since the epoch), 0 before that happened. */
    long caughtUpAt();
}
