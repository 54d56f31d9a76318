package org.planetlab.node.audit.page;

import static java.util.Objects.requireNonNull;

/**
 * What the page says this machine is: its name, the site hosting it and the site's technical
 * contact (empty when the node does not know them).
 */
public record NodeDescription(String hostname, String siteName, String techContact) {
    public NodeDescription {
        requireNonNull(hostname, "hostname is null");
        requireNonNull(siteName, "siteName is null");
        requireNonNull(techContact, "techContact is null");
    }
}
