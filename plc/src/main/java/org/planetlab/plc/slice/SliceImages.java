package org.planetlab.plc.slice;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.planetlab.api.error.PlanetLabException;
import org.planetlab.api.rspec.RspecAttribute;
import org.planetlab.plc.config.ConfigSection;
import org.planetlab.plc.tag.TagTypes;

/**
 * The reference images slices may name with {@code vref} (PLCAPI's name for the image a sliver
 * is built over): the {@code images.*} keys of PLC's configuration. A value naming no known image
 * is refused when it is set, so a typo never reaches the nodes as slivers that cannot start.
 *
 * @param vrefs the images nodes offer, from {@code images.vrefs} (comma-separated); unless configured
 *     otherwise {@code default} (each node's own image) and the kinds {@code bin/build-sliver-image}
 *     builds, {@code debian} and {@code busybox}
 */
public record SliceImages(SortedSet<String> vrefs) {
    private static final Set<String> KEYS = Set.of("vrefs");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final SliceImages DEFAULT = new SliceImages(new TreeSet<>(Set.of("default", "debian", "busybox")));

    public SliceImages {
        vrefs = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(vrefs));
        if (vrefs.isEmpty()) {
            throw PlanetLabException.invalidArgument("images.vrefs must name at least one image, such as default");
        }
        for (String vref : vrefs) {
            if (!NAME.matcher(vref).matches()) {
                throw PlanetLabException.invalidArgument("images.vrefs: \"" + vref + "\" is not an image name (1 to 64"
                        + " letters, digits, '.', '-' or '_')");
            }
        }
    }

    /** Reads the section's keys; refuses keys it does not know. */
    public static SliceImages from(Map<String, String> section) {
        ConfigSection keys = ConfigSection.of("images", section, KEYS);
        return keys.text("vrefs")
                .map(text -> new SliceImages(new TreeSet<>(Arrays.stream(text.split(",")).map(String::strip).toList())))
                .orElse(DEFAULT);
    }

    /** Refuses a {@code vref} value (canonical) that names no known image; other tags pass. */
    void check(Slices.SliceRecord slice, TagTypes.TagTypeRecord type, String value) {
        if (type.attribute().filter(RspecAttribute.IMAGE::equals).isPresent() && !vrefs.contains(value)) {
            throw PlanetLabException.invalidArgument(("slice %s: vref \"%s\" names no image the nodes offer; known images"
                    + " are %s (an operator lists them in images.vrefs)").formatted(slice.name(), value,
                    String.join(", ", vrefs)));
        }
    }
}
