package org.planetlab.plc.key;

import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import org.planetlab.api.key.KeyApi;
import org.planetlab.plc.store.ObjectTable;

/** How persons' keys are stored. */
public final class KeyTables {
    private KeyTables() {}

    public static final ObjectTable KEYS = ObjectTable.builder(KeyApi.KEY, "person_keys", "key_id")
            .live("EXISTS (SELECT 1 FROM persons p WHERE p.person_id = t.person_id AND p.deleted = FALSE)")
            .plain(INTEGER, "key_id", "person_id", "peer_id", "peer_key_id")
            .operatorOnly("peer_key_id")
            .plain(TEXT, "key_type", "fingerprint")
            .column("key", "t.key_text", TEXT)
            .build();
}
