package org.planetlab.api.release;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * Node software releases (Architecture §4.8.2, the 2003 design's signed packages): operators
 * publish them, PLC signs their metadata with a release key a trust root delegated to, and nodes
 * fetch and verify them. See docs/updates.md.
 */
public final class ReleaseApi {
    private ReleaseApi() {}

    /** The largest chunk GetReleaseFile returns, before base64. */
    public static final int CHUNK_BYTES = 1 << 20;

    public static final StringType FILE_NAME = StringType.matching(128, "[A-Za-z0-9][A-Za-z0-9._+-]{0,127}",
            "a plain file name: letters, digits, '.', '_', '+', '-'");

    public static final StructType NEW_FILE = StructType.of("ReleaseUpload",
            writable("name", FILE_NAME, "the file's name on the node, e.g. planetlab-node.jar"),
            writable("content", StringType.max(Integer.MAX_VALUE - 16), "the file's bytes, base64"))
            .requiring("name", "content");

    public static final StructType FILE = StructType.of("ReleaseFile",
            readOnly("name", FILE_NAME, "the file's name"),
            readOnly("length", IntType.NON_NEGATIVE, "its length in bytes"),
            readOnly("sha256", StringType.max(64), "its SHA-256, lowercase hex"));

    public static final StructType RELEASE = StructType.of("Release",
            readOnly("release_number", IntType.ID, "the release, numbered from 1"),
            readOnly("label", StringType.max(128), "what the operator called it"),
            readOnly("published_at", IntType.TIMESTAMP, "when it was published"),
            readOnly("published_by", IntType.ID, "who published it"),
            readOnly("expires_at", IntType.TIMESTAMP, "when its signed metadata expires"),
            readOnly("key_id", StringType.max(80), "the release key that signed its metadata"),
            readOnly("files", ArrayType.of(FILE), "its files"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddRelease").roles(ADMIN).mutates()
                    .param("label", StringType.nonEmpty(128), "what to call the release, e.g. 2026.12.06-agent")
                    .param("files", ArrayType.of(NEW_FILE), "every file of the release")
                    .returns(IntType.ID, "the new release's number")
                    .help("Publishes a node software release: PLC stores the files and signs metadata listing each"
                            + " file's length and SHA-256 with its release key. It becomes the current release, the"
                            + " one nodes fetch. The files travel in this one call, so their total is bounded by"
                            + " PLC's max-request-bytes; larger releases go through StartReleaseUpload.")
                    .build(),
            MethodSpec.builder("StartReleaseUpload").roles(ADMIN)
                    .returns(StringType.max(32), "the upload's id")
                    .help("Starts a chunked upload of a release's files: for a release larger than one request may be"
                            + " (PLC's max-request-bytes), e.g. with a reference image. Send the files with"
                            + " UploadReleaseChunk, then publish them with PublishReleaseUpload, on the same server."
                            + " An upload not published within a day is removed.")
                    .build(),
            MethodSpec.builder("UploadReleaseChunk").roles(ADMIN)
                    .param("upload_id", StringType.max(32), "the upload, from StartReleaseUpload")
                    .param("name", FILE_NAME, "the file's name on the node")
                    .param("offset", IntType.NON_NEGATIVE, "where the chunk goes: the file's length so far")
                    .param("content", StringType.max(12 << 20), "up to 8 MiB of the file, base64")
                    .returns(IntType.NON_NEGATIVE, "the file's length now")
                    .help("Appends a chunk to a file of an upload. Chunks go in order: a chunk at any other offset than"
                            + " the file's length is refused, so a retried chunk cannot be written twice.")
                    .build(),
            MethodSpec.builder("PublishReleaseUpload").roles(ADMIN).mutates()
                    .param("upload_id", StringType.max(32), "the upload")
                    .param("label", StringType.nonEmpty(128), "what to call the release")
                    .returns(IntType.ID, "the new release's number")
                    .help("Publishes an upload's files as the next release, as AddRelease does with files sent in one call.")
                    .build(),
            MethodSpec.builder("GetReleases").roles(ADMIN)
                    .returns(ArrayType.of(RELEASE), "every release, newest first")
                    .help("Lists the published releases with their files and digests.")
                    .build(),
            MethodSpec.builder("RollbackRelease").roles(ADMIN).mutates()
                    .optionalParam("release_number", IntType.ID, "the release to go back to; by default the one before the current")
                    .returns(IntType.ID, "the new release's number")
                    .help("Goes back to an earlier release's files in one step. Nodes never accept a lower release"
                            + " number (that would be a rollback attack), so this publishes the earlier release's files"
                            + " again as a new, higher release, labelled as a rollback.")
                    .build(),
            MethodSpec.builder("RotateReleaseKey").roles(ADMIN).mutates()
                    .returns(IntType.ID, "the sequence number of the new delegation")
                    .help("Replaces the release key: the trust root delegates to a new key and the current release's"
                            + " metadata is signed again with it. A node that has seen the new delegation refuses"
                            + " anything the old key signs.")
                    .build(),
            MethodSpec.builder("GetNodeRelease").roles(NODE)
                    .returns(StructType.of("NodeRelease",
                            readOnly("delegation", StringType.max(1 << 19), "the root's delegation to the release key"),
                            readOnly("release", StringType.max(1 << 19), "the current release's signed metadata"),
                            readOnly("timestamp", StringType.max(1 << 19), "a fresh timestamp pinning that metadata")),
                            "three signed XML documents")
                    .help("Tells a node the current release: the delegation, the release metadata and a timestamp"
                            + " signed now, all of which the node verifies against its trust roots.")
                    .build(),
            MethodSpec.builder("GetReleaseFile").roles(ADMIN, NODE)
                    .param("release_number", IntType.ID, "the release")
                    .param("name", FILE_NAME, "the file")
                    .param("offset", IntType.NON_NEGATIVE, "where to start, in bytes")
                    .returns(StringType.max(2 * CHUNK_BYTES), "up to 1 MiB of the file from the offset, base64; empty at"
                            + " the end")
                    .help("Serves a release's file in chunks; the node checks the whole against the signed metadata.")
                    .build());
}
