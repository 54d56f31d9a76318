package org.planetlab.trust.key;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * The configured set of well-known root keys. Loaded from a directory of {@code *.pem} files, each
 * holding a {@code PUBLIC KEY} or a {@code CERTIFICATE} (whose key is taken, so the public key of a
 * commercial CA certificate can be a root too); the file name without {@code .pem} is the root's
 * name.
 */
public final class TrustRoots {
    private final Map<KeyFingerprint, TrustRoot> byKeyId;

    private TrustRoots(List<TrustRoot> roots) {
        Map<KeyFingerprint, TrustRoot> map = new LinkedHashMap<>();
        for (TrustRoot root : roots) {
            map.putIfAbsent(root.keyId(), root);
        }
        if (map.isEmpty()) {
            throw PlanetLabException.invalidArgument("the set of trust roots is empty; add at least one root public key");
        }
        this.byKeyId = Map.copyOf(map);
    }

    public static TrustRoots of(List<TrustRoot> roots) {
        return new TrustRoots(List.copyOf(requireNonNull(roots, "roots is null")));
    }

    public static TrustRoots of(TrustRoot... roots) {
        return of(List.of(roots));
    }

    /** Loads every {@code *.pem} file of the directory, in name order. */
    public static TrustRoots load(Path directory) {
        requireNonNull(directory, "directory is null");
        if (!Files.isDirectory(directory)) {
            throw PlanetLabException.notFound("trust root directory " + directory + " does not exist");
        }
        List<TrustRoot> roots = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - ".pem".length());
                try {
                    roots.add(new TrustRoot(name, Pem.readPublicKey(KeyFiles.read(file))));
                } catch (PlanetLabException e) {
                    throw new PlanetLabException(e.code(), "trust root " + file + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new PlanetLabException(ErrorCode.INTERNAL_ERROR, "cannot list trust roots in " + directory + ": " + e.getMessage(), e);
        }
        if (roots.isEmpty()) {
            throw PlanetLabException.invalidArgument("trust root directory " + directory + " holds no *.pem file");
        }
        return of(roots);
    }

    /** Writes each root as {@code <name>.pem} into the directory. */
    public void writeTo(Path directory) {
        KeyFiles.createPrivateDirectory(directory);
        for (TrustRoot root : all()) {
            KeyFiles.writePublic(directory.resolve(root.name() + ".pem"), Pem.write(root.publicKey()));
        }
    }

    public Optional<TrustRoot> find(KeyFingerprint keyId) {
        return Optional.ofNullable(byKeyId.get(requireNonNull(keyId, "keyId is null")));
    }

    public List<TrustRoot> all() {
        return byKeyId.values().stream().sorted(java.util.Comparator.comparing(TrustRoot::name)).toList();
    }
}
