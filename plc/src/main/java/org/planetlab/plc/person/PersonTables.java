package org.planetlab.plc.person;

import static org.planetlab.plc.store.ColumnKind.BOOLEAN;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.Locale;
import org.planetlab.api.person.PersonApi;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.JoinList;
import org.planetlab.plc.store.ObjectTable;

/** How persons are stored. */
public final class PersonTables {
    private PersonTables() {}

    public static final ObjectTable PERSONS = ObjectTable.builder(PersonApi.PERSON, "persons", "person_id")
            .name("t.email_key", email -> email.toLowerCase(Locale.ROOT))
            .live("t.deleted = FALSE")
            .plain(INTEGER, "person_id", "date_created", "last_updated", "peer_id", "peer_person_id")
            .operatorOnly("peer_person_id")
            .caseInsensitive("email", "t.email")
            .plain(TEXT, "first_name", "last_name", "title", "phone", "url", "bio", "address")
            .plain(BOOLEAN, "enabled")
            .join(new JoinList("role_ids", "person_roles j", "j.person_id", "j.role_id", "j.role_id",
                    ColumnKind.INTEGER))
            .join(new JoinList("roles", "person_roles j JOIN roles r ON r.role_id = j.role_id", "j.person_id",
                    "r.name", "j.role_id", ColumnKind.TEXT))
            .join(new JoinList("site_ids", "person_sites j JOIN sites s ON s.site_id = j.site_id AND s.deleted = FALSE",
                    "j.person_id", "j.site_id", "CASE WHEN j.is_primary THEN 0 ELSE 1 END, j.site_id",
                    ColumnKind.INTEGER))
            .join(JoinList.ids("key_ids", "person_keys j", "j.person_id", "j.key_id"))
            .join(JoinList.ids("slice_ids", "slice_persons j JOIN slices s ON s.slice_id = j.slice_id"
                    + " AND s.is_deleted = FALSE", "j.person_id", "j.slice_id"))
            .build();
}
