package org.planetlab.plc.release;

import static java.util.Objects.requireNonNull;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.release.rollout.RolloutService;
import org.planetlab.trust.release.ReleaseFile;
import org.planetlab.trust.release.ReleaseMetadata;

/**
 * The release methods: wire values in, a {@link ReleaseService} call, wire values out. What a node
 * is offered and going back follow the rollouts ({@link RolloutService}).
 */
public final class ReleaseMethods {
    private final ReleaseService releases;
    private final RolloutService rollouts;

    public ReleaseMethods(ReleaseService releases, RolloutService rollouts) {
        this.releases = requireNonNull(releases, "releases is null");
        this.rollouts = requireNonNull(rollouts, "rollouts is null");
    }

    public void register(MethodRegistry registry) {
        registry.bind("AddRelease", call -> releases.addRelease(call.mutation(), call.stringArg(0), contents(call.listArg(1))))
                .bind("StartReleaseUpload", call -> releases.startUpload())
                .bind("UploadReleaseChunk", call -> releases.uploadChunk(call.stringArg(0), call.stringArg(1), call.longArg(2),
                        base64(call.stringArg(1), call.stringArg(3))))
                .bind("PublishReleaseUpload", call -> releases.publishUpload(call.mutation(), call.stringArg(0), call.stringArg(1)))
                .bind("GetReleases", call -> releases.releases(call.db()).stream().map(ReleaseMethods::wire).toList())
                .bind("RollbackRelease", call -> rollouts.rollback(call.mutation(), call.optionalArg(0).map(value -> (Long) value)))
                .bind("RotateReleaseKey", call -> releases.rotateKey(call.mutation()))
                .bind("GetNodeRelease", call -> {
                    Optional<Long> offered = call.caller().nodeId().flatMap(node -> rollouts.offeredRelease(call.db(), node));
                    ReleaseMetadata metadata = offered.isPresent() ? releases.nodeRelease(call.db(), offered.get())
                            : releases.nodeRelease(call.db());
                    return Map.of("delegation", metadata.delegationXml(), "release", metadata.releaseXml(),
                            "timestamp", metadata.timestampXml());
                })
                .bind("GetReleaseFile", call -> Base64.getEncoder().encodeToString(
                        releases.fileChunk(call.db(), call.longArg(0), call.stringArg(1), call.longArg(2))));
    }

    private static Map<String, byte[]> contents(List<Object> wire) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        for (Object element : wire) {
            Map<?, ?> file = (Map<?, ?>) element;
            String name = ReleaseFile.requireName((String) file.get("name"));
            byte[] bytes = base64(name, (String) file.get("content"));
            if (contents.put(name, bytes) != null) {
                throw PlanetLabException.invalidArgument("release file " + name + " is given twice");
            }
        }
        return contents;
    }

    private static byte[] base64(String name, String content) {
        try {
            return Base64.getDecoder().decode(content);
        } catch (IllegalArgumentException e) {
            throw PlanetLabException.invalidArgument("the content of release file " + name + " is not base64: " + e.getMessage());
        }
    }

    private static Map<String, Object> wire(PublishedRelease release) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("release_number", release.number());
        wire.put("label", release.label());
        wire.put("published_at", release.publishedAt());
        release.publishedBy().ifPresent(person -> wire.put("published_by", person));
        wire.put("expires_at", release.expiresAt());
        wire.put("key_id", release.keyId());
        wire.put("files", release.files().stream().map(file -> Map.<String, Object>of("name", file.name(), "length", file.length(),
                "sha256", file.sha256())).toList());
        return wire;
    }
}
