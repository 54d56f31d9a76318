package org.planetlab.plc.release;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.release.ReleaseApi;
import org.planetlab.plc.mutation.Mutation;
import org.planetlab.plc.store.Rows;
import org.planetlab.trust.cert.Validity;
import org.planetlab.trust.release.Release;
import org.planetlab.trust.release.ReleaseFile;
import org.planetlab.trust.release.ReleaseKeyring;
import org.planetlab.trust.release.ReleaseMetadata;
import org.planetlab.trust.release.ReleaseSigner;
import org.planetlab.trust.release.ReleaseTimestamp;
import org.planetlab.trust.release.ReleaseXml;

/**
 * Node software releases at PLC: publishing (files under the data directory, metadata signed with
 * the release key), listing, rotating the release key, and serving the current release to nodes
 * with a timestamp signed at each request. The highest release number is the current release.
 */
public final class ReleaseService {
    /** How long signed release metadata holds; a release older than this must be published again. */
    public static final Duration METADATA_LIFETIME = Duration.ofDays(365);
    /** How long a timestamp holds: the longest an attacker can hold a node back on old metadata. */
    public static final Duration TIMESTAMP_LIFETIME = Duration.ofDays(1);

    private final ReleaseKeyring keyring;
    private final ReleaseFiles files;
    private final ReleaseUploads uploads;
    private final Clock clock;

    /**
     * @param directory where the files of releases are kept, e.g. {@code <data dir>/releases}
     */
    public ReleaseService(ReleaseKeyring keyring, Path directory, Clock clock) {
        this.keyring = requireNonNull(keyring, "keyring is null");
        this.files = new ReleaseFiles(requireNonNull(directory, "directory is null"));
        this.uploads = new ReleaseUploads(directory, new java.security.SecureRandom());
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Publishes a release made of these files (name to bytes, in order); it becomes the current one. */
    public long addRelease(Mutation mutation, String label, Map<String, byte[]> contents) {
        requireNonNull(label, "label is null");
        if (contents.isEmpty()) {
            throw PlanetLabException.invalidArgument("a release needs at least one file");
        }
        List<ReleaseFile> entries = new ArrayList<>();
        contents.forEach((name, bytes) -> entries.add(new ReleaseFile(name, bytes.length, ReleaseSigner.sha256Hex(bytes))));
        return publish(mutation, label, entries, files.stage(contents));
    }

    /** Starts a chunked upload of a release's files, for releases larger than one request may be; returns its id. */
    public String startUpload() {
        return uploads.start(clock.instant().getEpochSecond());
    }

    /** Appends a chunk to a file of an upload at {@code offset} (the file's length so far); returns its new length. */
    public long uploadChunk(String uploadId, String name, long offset, byte[] chunk) {
        return uploads.append(uploadId, name, offset, chunk);
    }

    /** Publishes an upload's files as the next release, as {@link #addRelease} does with files sent in one call. */
    public long publishUpload(Mutation mutation, String uploadId, String label) {
        requireNonNull(label, "label is null");
        List<ReleaseFile> entries = uploads.files(uploadId);
        return publish(mutation, label, entries, uploads.upload(uploadId));
    }

    /**
     * Publishes the files of the release before the current one again as a new, higher release:
     * nodes refuse to go back to a lower number, so going back is going forward to old contents.
     */
    public long rollback(Mutation mutation) {
        List<PublishedRelease> all = published(mutation.db());
        PublishedRelease earlier = all.stream().skip(1).findFirst().orElseThrow(() -> PlanetLabException.notFound(
                "release " + all.getFirst().number() + " is the only one; there is no earlier release to go back to"));
        return republish(mutation, all.getFirst(), earlier);
    }

    /** As {@link #rollback(Mutation)}, to the files of release {@code target}. */
    public long rollbackTo(Mutation mutation, long target) {
        List<PublishedRelease> all = published(mutation.db());
        PublishedRelease earlier = all.stream().filter(release -> release.number() == target).findFirst()
                .orElseThrow(() -> PlanetLabException.notFound("release " + target + " does not exist; pl release list shows them"));
        return republish(mutation, all.getFirst(), earlier);
    }

    private List<PublishedRelease> published(Handle db) {
        List<PublishedRelease> all = releases(db);
        if (all.isEmpty()) {
            throw PlanetLabException.notFound("no release has been published, so there is none to go back to");
        }
        return all;
    }

    private long republish(Mutation mutation, PublishedRelease current, PublishedRelease earlier) {
        if (earlier.number() == current.number()) {
            throw PlanetLabException.invalidArgument("release " + current.number() + " is already the current release");
        }
        String label = truncate("rollback to " + earlier.number() + " (" + earlier.label() + ")");
        return publish(mutation, label, earlier.files(), files.stageCopy(earlier.number(), earlier.files()));
    }

    private long publish(Mutation mutation, String label, List<ReleaseFile> entries, Path incoming) {
        try {
            long number = Rows.select(mutation.db(), "SELECT COALESCE(MAX(release_number), 0) + 1 FROM releases", List.of())
                    .mapTo(Long.class).one();
            Release release = new Release(number, label, entries,
                    Validity.starting(Instant.ofEpochSecond(mutation.now()), METADATA_LIFETIME));
            ReleaseSigner signer = keyring.signer();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("release_number", number);
            row.put("label", label);
            row.put("published_at", mutation.now());
            row.put("published_by", mutation.caller().personId().orElse(null));
            row.put("expires_at", release.validity().notAfter().getEpochSecond());
            row.put("key_id", signer.keyId().value());
            row.put("metadata", signer.signRelease(release));
            Rows.insert(mutation.db(), "releases", row);
            for (int position = 0; position < entries.size(); position++) {
                ReleaseFile file = entries.get(position);
                Rows.insert(mutation.db(), "release_files", Map.of("release_number", number, "position", position,
                        "name", file.name(), "length", file.length(), "sha256", file.sha256()));
            }
            files.commit(incoming, number);
            mutation.message("release " + number + " (" + label + "), " + entries.size() + " files, " + release.totalLength() + " bytes");
            return number;
        } catch (RuntimeException e) {
            files.discard(incoming);
            throw e;
        }
    }

    private static String truncate(String label) {
        return label.length() <= 128 ? label : label.substring(0, 125) + "...";
    }

    /** Every release, newest first. */
    public List<PublishedRelease> releases(Handle db) {
        Map<Long, List<ReleaseFile>> byRelease = new LinkedHashMap<>();
        Rows.select(db, "SELECT release_number, name, length, sha256 FROM release_files ORDER BY release_number, position", List.of())
                .map((rows, context) -> Map.entry(rows.getLong(1), new ReleaseFile(rows.getString(2), rows.getLong(3), rows.getString(4))))
                .forEach(entry -> byRelease.computeIfAbsent(entry.getKey(), key -> new ArrayList<>()).add(entry.getValue()));
        return Rows.select(db, "SELECT release_number, label, published_at, published_by, expires_at, key_id FROM releases"
                        + " ORDER BY release_number DESC", List.of())
                .map((rows, context) -> {
                    long publishedBy = rows.getLong(4);
                    Optional<Long> by = rows.wasNull() ? Optional.empty() : Optional.of(publishedBy);
                    return new PublishedRelease(rows.getLong(1), rows.getString(2), rows.getLong(3), by, rows.getLong(5),
                            rows.getString(6), byRelease.getOrDefault(rows.getLong(1), List.of()));
                })
                .list();
    }

    /**
     * Replaces the release key and signs the current release's metadata again with the new one,
     * so that nodes, which refuse the old key once they see the new delegation, keep a current release.
     *
     * @return the new delegation's sequence
     */
    public long rotateKey(Mutation mutation) {
        Optional<Release> current = current(mutation.db()).map(ReleaseXml::parse).map(ReleaseXml.Parsed::release);
        long sequence = keyring.rotate().sequence();
        current.ifPresent(release -> {
            Release renewed = new Release(release.number(), release.label(), release.files(),
                    Validity.starting(Instant.ofEpochSecond(mutation.now()), METADATA_LIFETIME));
            ReleaseSigner signer = keyring.signer();
            Rows.execute(mutation.db(), "UPDATE releases SET metadata = :metadata, key_id = :key, expires_at = :expires"
                    + " WHERE release_number = :number", Map.of("metadata", signer.signRelease(renewed), "key", signer.keyId().value(),
                    "expires", renewed.validity().notAfter().getEpochSecond(), "number", release.number()));
        });
        mutation.message("release key delegation " + sequence);
        return sequence;
    }

    /** What a node fetches: the delegation, the current release's metadata and a timestamp signed now. */
    public ReleaseMetadata nodeRelease(Handle db) {
        return signedForNode(current(db).orElseThrow(() -> PlanetLabException.notFound(
                "no node software release has been published yet; an operator publishes one with pl release publish")));
    }

    /** As {@link #nodeRelease(Handle)}, for release {@code number}: the one a rollout offers the node. */
    public ReleaseMetadata nodeRelease(Handle db, long number) {
        return signedForNode(Rows.select(db, "SELECT metadata FROM releases WHERE release_number = ?", List.of(number))
                .mapTo(String.class).findOne().orElseThrow(() -> PlanetLabException.notFound(
                        "no node software release is offered to this node yet; an operator rolls one out with pl release rollout")));
    }

    private ReleaseMetadata signedForNode(String stored) {
        ReleaseXml.Parsed parsed = ReleaseXml.parse(stored);
        ReleaseSigner signer = keyring.signer();
        // A rotation whose database update was lost leaves metadata signed by the old key, which nodes refuse.
        String metadata = parsed.signer().equals(signer.keyId()) ? stored : signer.signRelease(parsed.release());
        long number = parsed.release().number();
        Instant now = clock.instant();
        ReleaseTimestamp timestamp = new ReleaseTimestamp(now.toEpochMilli(), number, ReleaseSigner.digest(metadata),
                metadata.getBytes(StandardCharsets.UTF_8).length, Validity.starting(now, TIMESTAMP_LIFETIME));
        return new ReleaseMetadata(keyring.delegationXml(), metadata, signer.signTimestamp(timestamp));
    }

    /** Up to {@link ReleaseApi#CHUNK_BYTES} of a release's file from {@code offset}; empty at the end. */
    public byte[] fileChunk(Handle db, long number, String name, long offset) {
        ReleaseFile.requireName(name);
        long length = Rows.select(db, "SELECT length FROM release_files WHERE release_number = ? AND name = ?", List.of(number, name))
                .mapTo(Long.class).findOne().orElseThrow(() -> PlanetLabException.notFound(
                        "release " + number + " has no file " + name + "; GetReleases lists every release's files"));
        if (offset > length) {
            throw PlanetLabException.invalidArgument("offset " + offset + " is past the end of " + name + " (" + length + " bytes)");
        }
        return files.read(number, name, offset, ReleaseApi.CHUNK_BYTES);
    }

    private static Optional<String> current(Handle db) {
        return Rows.select(db, "SELECT metadata FROM releases ORDER BY release_number DESC LIMIT 1", List.of())
                .mapTo(String.class).findOne();
    }
}
