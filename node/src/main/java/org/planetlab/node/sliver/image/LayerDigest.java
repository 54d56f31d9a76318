package org.planetlab.node.sliver.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The SHA-256 of a directory tree: every entry's path, type and mode, owner, device number, link
 * target and content, in path order. Two trees with the same digest are the same tree as a sliver
 * sees it; a layer whose digest is not the one recorded when it was built (a file changed, a
 * build cut short) is never used.
 */
final class LayerDigest {
    private LayerDigest() {}

    static String of(Path root) {
        MessageDigest tree = sha256();
        byte[] buffer = new byte[1 << 16];
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        for (Path entry : entries) {
            try {
                Map<String, Object> attributes = Files.readAttributes(entry, "unix:mode,uid,gid,rdev,size", LinkOption.NOFOLLOW_LINKS);
                StringBuilder line = new StringBuilder(root.relativize(entry).toString()).append('\0')
                        .append(Integer.toOctalString((Integer) attributes.get("mode"))).append(' ')
                        .append(attributes.get("uid")).append(' ').append(attributes.get("gid")).append(' ')
                        .append(attributes.get("rdev")).append(' ').append(attributes.get("size"));
                if (Files.isSymbolicLink(entry)) {
                    line.append(" -> ").append(Files.readSymbolicLink(entry));
                }
                tree.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    try (InputStream content = Files.newInputStream(entry, LinkOption.NOFOLLOW_LINKS)) {
                        for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
                            tree.update(buffer, 0, read);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + entry, e);
            }
        }
        return HexFormat.of().formatHex(tree.digest());
    }

    static String of(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
