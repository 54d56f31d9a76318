package org.planetlab.node.sliver.image;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.node.config.NodeAgentConfig;

/**
 * Which images a node offers to slices' {@code vref} and how it builds package layers
 * (docs/image.md): the agent config's {@code image.<vref>} keys, {@code package-layer-dir},
 * {@code package-keyring}, {@code package-build-seconds} and {@code package-retry-seconds}, with the package repository of
 * {@link PackageSources}.
 *
 * @param images each offered image by its vref; {@code default} is always the agent's {@code image-dir}
 * @param layerDirectory where package layers are built and kept, on the images' filesystem
 * @param sources the repository layers are built from, and its suite
 * @param keyring the OpenPGP keys the repository's index must be signed with; without it, the keys the
 *     image trusts (Debian's archive keys in the Debian image)
 * @param buildTimeout how long one layer build may take before it is killed and reported as failed
 * @param retryAfterFailure how long a failed build is reported before a sliver asking for it builds it again
 * @param keepUnusedLayer how long a layer no recorded sliver uses is kept (for a sliver that comes back) before it is removed
 */
public record ImageSettings(SortedMap<String, Path> images, Path layerDirectory, PackageSources sources, Optional<Path> keyring, Duration buildTimeout,
        Duration retryAfterFailure, Duration keepUnusedLayer) {
    public static final String DEFAULT_VREF = "default";
    private static final String IMAGE_PREFIX = "image.";
    private static final Pattern VREF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ImageSettings {
        images = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(images, "images is null")));
        requireNonNull(layerDirectory, "layerDirectory is null");
        requireNonNull(sources, "sources is null");
        requireNonNull(keyring, "keyring is null");
        requireNonNull(buildTimeout, "buildTimeout is null");
        requireNonNull(retryAfterFailure, "retryAfterFailure is null");
        requireNonNull(keepUnusedLayer, "keepUnusedLayer is null");
        if (!images.containsKey(DEFAULT_VREF)) {
            throw new IllegalArgumentException("images lack the default image");
        }
    }

    /** The settings in an agent config: its image directory as {@code default}, the rest from its extra keys. */
    public static ImageSettings from(NodeAgentConfig config) {
        Map<String, String> keys = config.network();
        SortedMap<String, Path> images = new TreeMap<>();
        keys.forEach((key, value) -> {
            if (key.startsWith(IMAGE_PREFIX)) {
                String vref = key.substring(IMAGE_PREFIX.length());
                if (!VREF.matcher(vref).matches() || vref.equals(DEFAULT_VREF)) {
                    throw PlanetLabException.invalidArgument("node agent config " + key + ": '" + vref + "' is not an image name"
                            + " (1 to 64 letters, digits, '.', '-' or '_'; default is image-dir)");
                }
                if (value.isBlank() || !Path.of(value).isAbsolute()) {
                    throw PlanetLabException.invalidArgument("node agent config " + key + ": '" + value
                            + "' must be the absolute path of an image directory");
                }
                images.put(vref, Path.of(value));
            }
        });
        images.put(DEFAULT_VREF, config.imageDirectory());
        String layers = keys.getOrDefault("package-layer-dir", "").strip();
        String keyring = keys.getOrDefault("package-keyring", "").strip();
        return new ImageSettings(images,
                layers.isEmpty() ? config.stateDirectory().resolve("package-layers") : Path.of(layers),
                PackageSources.from(keys),
                keyring.isEmpty() ? Optional.empty() : Optional.of(Path.of(keyring)),
                seconds(keys, "package-build-seconds", 900),
                seconds(keys, "package-retry-seconds", 600),
                seconds(keys, "package-layer-keep-seconds", 86_400));
    }

    /** The keys without these, for the readers of the others (the package repository's keys stay). */
    public static Map<String, String> withoutImageKeys(Map<String, String> keys) {
        Map<String, String> rest = new HashMap<>(keys);
        rest.keySet().removeIf(key -> key.startsWith(IMAGE_PREFIX) || key.equals("package-layer-dir") || key.equals("package-keyring")
                || key.equals("package-build-seconds") || key.equals("package-retry-seconds")
                || key.equals("package-layer-keep-seconds"));
        return rest;
    }

    private static Duration seconds(Map<String, String> keys, String key, long defaultSeconds) {
        String text = keys.getOrDefault(key, Long.toString(defaultSeconds)).strip();
        if (!text.matches("[0-9]{1,6}") || Long.parseLong(text) == 0) {
            throw PlanetLabException.invalidArgument("node agent config " + key + ": '" + text + "' must be a whole number of"
                    + " seconds from 1 to 999999");
        }
        return Duration.ofSeconds(Long.parseLong(text));
    }
}
