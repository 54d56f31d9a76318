package org.planetlab.plc.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.method.Role;
import org.planetlab.plc.store.Rows;

/**
 * Who answers for a slice, from the registry: the slice (deleted ones too, since flows outlive
 * slices), its site, its users, and its site's PIs and technical contacts. The audit chain's
 * last link: slice name to responsible people.
 */
public final class SliceContacts {
    private SliceContacts() {}

    /** A person as the chain names them; the address is for mail and for operators only. */
    public record Person(String name, String email) {}

    public record Contact(long sliceId, String name, String description, String url, long siteId, String siteName,
            boolean deleted, List<Person> users, List<Person> pis, List<Person> techs) {}

    /** The slices among {@code sliceIds} that exist or existed, in the order given. */
    static List<Contact> read(Handle handle, Collection<Long> sliceIds) {
        if (sliceIds.isEmpty()) {
            return List.of();
        }
        List<Object> ids = List.copyOf(new LinkedHashSet<>(sliceIds));
        String in = "(" + "?, ".repeat(ids.size() - 1) + "?)";
        Map<Long, SliceRow> slices = new LinkedHashMap<>();
        Rows.select(handle, "SELECT s.slice_id, s.name, s.description, s.url, s.site_id, t.name, s.is_deleted"
                + " FROM slices s JOIN sites t ON t.site_id = s.site_id WHERE s.slice_id IN " + in, ids)
                .map((row, context) -> slices.put(row.getLong(1), new SliceRow(row.getString(2),
                        text(row.getString(3)), text(row.getString(4)), row.getLong(5), row.getString(6),
                        row.getBoolean(7))))
                .list();
        Map<Long, List<Person>> users = new LinkedHashMap<>();
        Rows.select(handle, "SELECT sp.slice_id, p.first_name, p.last_name, p.email FROM slice_persons sp"
                + " JOIN persons p ON p.person_id = sp.person_id WHERE p.deleted = FALSE AND sp.slice_id IN " + in
                + " ORDER BY p.last_name, p.first_name, p.person_id", ids)
                .map((row, context) -> users.computeIfAbsent(row.getLong(1), id -> new ArrayList<>())
                        .add(new Person(row.getString(2) + " " + row.getString(3), row.getString(4))))
                .list();
        List<Object> siteIds = slices.values().stream().map(slice -> (Object) slice.siteId()).distinct().toList();
        Map<Long, List<Person>> pis = new LinkedHashMap<>();
        Map<Long, List<Person>> techs = new LinkedHashMap<>();
        if (!siteIds.isEmpty()) {
            Rows.select(handle, "SELECT ps.site_id, pr.role_id, p.first_name, p.last_name, p.email FROM person_sites ps"
                    + " JOIN person_roles pr ON pr.person_id = ps.person_id JOIN persons p ON p.person_id = ps.person_id"
                    + " WHERE p.deleted = FALSE AND p.enabled = TRUE AND pr.role_id IN (" + Role.PI.roleId() + ", "
                    + Role.TECH.roleId() + ") AND ps.site_id IN (" + "?, ".repeat(siteIds.size() - 1) + "?)"
                    + " ORDER BY p.last_name, p.first_name, p.person_id", siteIds)
                    .map((row, context) -> (row.getLong(2) == Role.PI.roleId() ? pis : techs)
                            .computeIfAbsent(row.getLong(1), id -> new ArrayList<>())
                            .add(new Person(row.getString(3) + " " + row.getString(4), row.getString(5))))
                    .list();
        }
        List<Contact> contacts = new ArrayList<>();
        for (Object id : ids) {
            SliceRow slice = slices.get((Long) id);
            if (slice != null) {
                contacts.add(new Contact((Long) id, slice.name(), slice.description(), slice.url(), slice.siteId(),
                        slice.siteName(), slice.deleted(), users.getOrDefault((Long) id, List.of()),
                        pis.getOrDefault(slice.siteId(), List.of()), techs.getOrDefault(slice.siteId(), List.of())));
            }
        }
        return contacts;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private record SliceRow(String name, String description, String url, long siteId, String siteName,
            boolean deleted) {}
}
