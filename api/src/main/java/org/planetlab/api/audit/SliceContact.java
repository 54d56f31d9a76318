package org.planetlab.api.audit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who answers for a slice, as PLC's {@code GetSliceContacts} gives it and a node's audit page
 * shows it: names, no e-mail addresses (the page relays complaints through PLC instead). One wire
 * form for PLC, which writes it, and the node, which reads it and writes it again in its page's
 * JSON answer.
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

    /** The wire form: {@code slice_id, name, description, url, site_name, users, pis, techs}. */
    public Map<String, Object> toWire() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("slice_id", (long) sliceId);
        wire.put("name", name);
        wire.put("description", description);
        wire.put("url", url);
        wire.put("site_name", siteName);
        wire.put("users", users);
        wire.put("pis", pis);
        wire.put("techs", techs);
        return wire;
    }

    /**
     * Reads one entry of the wire form; empty without a numeric {@code slice_id} in range and a
     * {@code name}. Missing texts read as empty and entries of the name lists that are not text
     * are left out.
     */
    public static Optional<SliceContact> fromWire(Object item) {
        if (!(item instanceof Map<?, ?> map) || !(map.get("slice_id") instanceof Number id) || id.longValue() < 0
                || id.longValue() > Integer.MAX_VALUE || !(map.get("name") instanceof String name)) {
            return Optional.empty();
        }
        return Optional.of(new SliceContact(id.intValue(), name, text(map, "description"), text(map, "url"), text(map, "site_name"),
                names(map, "users"), names(map, "pis"), names(map, "techs")));
    }

    private static String text(Map<?, ?> map, String key) {
        return map.get(key) instanceof String value ? value : "";
    }

    private static List<String> names(Map<?, ?> map, String key) {
        List<String> names = new ArrayList<>();
        if (map.get(key) instanceof List<?> list) {
            list.forEach(item -> {
                if (item instanceof String name) {
                    names.add(name);
                }
            });
        }
        return names;
    }
}
