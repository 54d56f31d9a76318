package org.planetlab.plc.sliver;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.node.ConfFileApi;
import org.planetlab.api.schema.Filter;
import org.planetlab.plc.api.Call;
import org.planetlab.plc.api.MethodRegistry;
import org.planetlab.plc.node.NodeTables;
import org.planetlab.plc.store.QueryEngine;

/**
 * GetConfFileContent: the content behind a configuration file's {@code source}, as the
 * original's boot server served its {@code PlanetLabConf} files. Sources are files under one
 * directory ({@code <data-dir>/conf-files}); a source naming anything outside it, through
 * {@code ..} or a symbolic link, is refused. A node reads only the files its own view carries,
 * so a file meant for one node group is not readable by the others.
 */
public final class ConfFileSources {
    private final SliverViews views;
    private final Path directory;

    /** @param directory where sources live; it need not exist until the first file is served */
    public ConfFileSources(SliverViews views, Path directory) {
        this.views = requireNonNull(views, "views is null");
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
    }

    public void register(MethodRegistry registry) {
        registry.bind("GetConfFileContent", this::content);
    }

    private Map<String, Object> content(Call call) {
        long confFileId = call.longArg(0);
        Map<String, Object> file = call.caller().isNode() ? fromOwnView(call, confFileId) : fromRegistry(call, confFileId);
        String source = (String) file.get("source");
        byte[] bytes = read(source);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("conf_file_id", confFileId);
        answer.put("source", source);
        answer.put("sha256", sha256(bytes));
        answer.put("content", Base64.getEncoder().encodeToString(bytes));
        return answer;
    }

    private Map<String, Object> fromOwnView(Call call, long confFileId) {
        long nodeId = call.caller().nodeId().orElseThrow();
        return views.get(call.lazyDb(), nodeId, call.now()).view().confFiles().stream()
                .filter(file -> file.get("conf_file_id") instanceof Number id && id.longValue() == confFileId)
                .findFirst()
                .orElseThrow(() -> PlanetLabException.permissionDenied("GetConfFileContent: configuration file "
                        + confFileId + " is not among this node's (GetSlivers conf_files)"));
    }

    private static Map<String, Object> fromRegistry(Call call, long confFileId) {
        List<Map<String, Object>> found = QueryEngine.get(call.db(), NodeTables.CONF_FILES, Filter.byIds(List.of(confFileId)),
                null, QueryEngine.Access.OPERATOR);
        return found.stream().findFirst().orElseThrow(() -> PlanetLabException.notFound("no configuration file "
                + confFileId + "; GetConfFiles lists them"));
    }

    /** The source's bytes, if it names a regular file inside the directory. */
    byte[] read(String source) {
        Path path = confined(source).orElseThrow(() -> PlanetLabException.invalidArgument("configuration file source '"
                + source + "' is not a relative path inside PLC's conf-files directory; UpdateConfFile to fix it"));
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(directory.toRealPath()) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw PlanetLabException.invalidArgument("configuration file source '" + source
                        + "' is not a regular file inside PLC's conf-files directory " + directory);
            }
            if (Files.size(real) > ConfFileApi.MAX_CONTENT_BYTES) {
                throw PlanetLabException.invalidArgument("configuration file source '" + source + "' is larger than "
                        + ConfFileApi.MAX_CONTENT_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(real)) {
                return in.readNBytes(ConfFileApi.MAX_CONTENT_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw PlanetLabException.notFound("configuration file source '" + source + "' does not exist in " + directory
                    + "; put the file there");
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot read configuration file source '" + source
                    + "': " + e.getMessage());
        }
    }

    private Optional<Path> confined(String source) {
        // The original's sources were URLs relative to the boot server; a query string has no meaning here.
        if (source.isEmpty() || source.startsWith("/") || source.contains("\\") || source.indexOf('\0') >= 0
                || source.contains("?")) {
            return Optional.empty();
        }
        Path resolved = directory.resolve(source).normalize();
        return resolved.startsWith(directory) && !resolved.equals(directory) ? Optional.of(resolved) : Optional.empty();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
