package org.planetlab.node.audit.page;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Who answers for a slice, as PLC's {@code GetSliceContacts} gives it: names, no e-mail
 * addresses (the page relays complaints through PLC instead).
 */
public record SliceContact(int sliceId, String name, String description, String url, String siteName, List<String> users,
        List<String> pis, List<String> techs) {
    public SliceContact {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(url, "url is null");
        requireNonNull(siteName, "siteName is null");
        users = List.copyOf(users);
        pis = List.copyOf(pis);
        techs = List.copyOf(techs);
    }
}
