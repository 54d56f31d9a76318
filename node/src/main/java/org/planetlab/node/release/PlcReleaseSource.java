package org.planetlab.node.release;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.util.Base64;
import java.util.Map;
import org.planetlab.api.client.PlcClient;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.trust.release.ReleaseMetadata;

/**
 * Releases from PLC's boot server, through a client that signs every call with the node key
 * ({@code PlcConnection.signedByNode}): {@code GetNodeRelease} for the metadata and
 * {@code GetReleaseFile} for the files, fetched chunk by chunk only as far as they are read.
 */
public final class PlcReleaseSource implements ReleaseSource {
    private final PlcClient plc;

    public PlcReleaseSource(PlcClient plc) {
        this.plc = requireNonNull(plc, "plc is null");
    }

    @Override
    public ReleaseMetadata currentMetadata() {
        if (!(plc.call("GetNodeRelease") instanceof Map<?, ?> answer)) {
            throw PlanetLabException.invalidArgument("GetNodeRelease answered something other than a struct");
        }
        return new ReleaseMetadata(text(answer, "delegation"), text(answer, "release"), text(answer, "timestamp"));
    }

    @Override
    public InputStream open(long releaseNumber, String fileName) {
        return new ChunkedInputStream(offset -> {
            Object chunk = plc.call("GetReleaseFile", releaseNumber, fileName, offset);
            if (!(chunk instanceof String encoded)) {
                throw PlanetLabException.invalidArgument("GetReleaseFile answered something other than a base64 string");
            }
            return Base64.getDecoder().decode(encoded);
        });
    }

    private static String text(Map<?, ?> answer, String key) {
        if (!(answer.get(key) instanceof String value)) {
            throw PlanetLabException.invalidArgument("GetNodeRelease answered no " + key + " document");
        }
        return value;
    }
}
