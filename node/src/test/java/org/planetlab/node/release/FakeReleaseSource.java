package org.planetlab.node.release;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.planetlab.trust.release.ReleaseMetadata;

/** A mirror the test controls: it serves whatever metadata and file bytes it was given, and counts what was read. */
final class FakeReleaseSource implements ReleaseSource {
    private ReleaseMetadata metadata;
    private final Map<String, byte[]> files = new HashMap<>();
    private final Map<String, InputStream> streams = new HashMap<>();
    final AtomicLong bytesRead = new AtomicLong();

    void serve(ReleaseMetadata metadata, long number, Map<String, byte[]> contents) {
        this.metadata = metadata;
        files.clear();
        streams.clear();
        contents.forEach((name, bytes) -> files.put(number + "/" + name, bytes));
    }

    /** Serves this stream for one file instead of bytes. */
    void serveStream(long number, String name, InputStream stream) {
        streams.put(number + "/" + name, stream);
    }

    @Override
    public ReleaseMetadata currentMetadata() {
        return metadata;
    }

    @Override
    public InputStream open(long releaseNumber, String fileName) throws IOException {
        String key = releaseNumber + "/" + fileName;
        InputStream stream = streams.containsKey(key) ? streams.get(key) : files.containsKey(key)
                ? new ByteArrayInputStream(files.get(key)) : null;
        if (stream == null) {
            throw new IOException("no file " + key);
        }
        InputStream counted = stream;
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int value = counted.read();
                if (value >= 0) {
                    bytesRead.incrementAndGet();
                }
                return value;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = counted.read(buffer, offset, length);
                if (read > 0) {
                    bytesRead.addAndGet(read);
                }
                return read;
            }
        };
    }
}
