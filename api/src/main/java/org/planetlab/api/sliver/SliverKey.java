package org.planetlab.api.sliver;

import static java.util.Objects.requireNonNull;

/**
 * One login key in a node's view.
 *
 * @param keyType e.g. {@code ssh}
 * @param key the key's text, stripped
 */
public record SliverKey(String keyType, String key) {
    public SliverKey {
        requireNonNull(keyType, "keyType is null");
        requireNonNull(key, "key is null");
    }
}
