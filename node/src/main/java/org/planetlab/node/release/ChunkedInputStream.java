package org.planetlab.node.release;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import org.planetlab.api.error.PlanetLabException;

/** A stream over chunks fetched one at a time by offset; an empty chunk ends it. */
final class ChunkedInputStream extends InputStream {
    /** Fetches the bytes starting at an offset; empty at the end. */
    interface Chunks {
        byte[] fetch(long offset);
    }

    private final Chunks chunks;
    private byte[] current = new byte[0];
    private int position;
    private long offset;
    private boolean ended;

    ChunkedInputStream(Chunks chunks) {
        this.chunks = requireNonNull(chunks, "chunks is null");
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.fetch(offset);
            } catch (PlanetLabException e) {
                throw new IOException("download at byte " + offset + ": " + e.getMessage(), e);
            }
            position = 0;
            if (current.length == 0) {
                ended = true;
                return -1;
            }
            offset += current.length;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, from, count);
        position += count;
        return count;
    }
}
