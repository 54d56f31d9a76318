package org.planetlab.plc.peer;

import static org.planetlab.plc.store.ColumnKind.BOOLEAN;
import static org.planetlab.plc.store.ColumnKind.DOUBLE;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.LinkedHashMap;
import java.util.Map;
import org.planetlab.plc.change.ObjectType;
import org.planetlab.plc.store.ColumnKind;

/**
 * How one kind of foreign object is stored: its table, its id and the peer's id for it, the id
 * counter new ones take their id from, which rows are live, and the columns RefreshPeer keeps
 * equal to the peer's data (in the order they are compared).
 */
enum ForeignKind {
    SITE(ObjectType.SITE, "Sites", "sites", "site_id", "peer_site_id", "sites", "deleted = FALSE",
            columns("login_base", TEXT, "name", TEXT, "abbreviated_name", TEXT, "url", TEXT, "latitude", DOUBLE,
                    "longitude", DOUBLE, "max_slices", INTEGER, "max_slivers", INTEGER, "is_public", BOOLEAN,
                    "enabled", BOOLEAN, "date_created", INTEGER, "last_updated", INTEGER)),
    NODE(ObjectType.NODE, "Nodes", "nodes", "node_id", "peer_node_id", "nodes", "deleted = FALSE",
            columns("site_id", INTEGER, "hostname", TEXT, "hostname_key", TEXT, "node_type", TEXT, "boot_state", TEXT,
                    "model", TEXT, "version", TEXT, "date_created", INTEGER, "last_updated", INTEGER)),
    PERSON(ObjectType.PERSON, "Persons", "persons", "person_id", "peer_person_id", "persons", "deleted = FALSE",
            columns("email", TEXT, "email_key", TEXT, "first_name", TEXT, "last_name", TEXT, "title", TEXT, "url", TEXT,
                    "bio", TEXT, "enabled", BOOLEAN, "date_created", INTEGER, "last_updated", INTEGER)),
    KEY(ObjectType.KEY, "Keys", "person_keys", "key_id", "peer_key_id", "keys", "1 = 1",
            columns("person_id", INTEGER, "key_type", TEXT, "key_text", TEXT, "fingerprint", TEXT)),
    SLICE(ObjectType.SLICE, "Slices", "slices", "slice_id", "peer_slice_id", "slices", "is_deleted = FALSE",
            columns("site_id", INTEGER, "name", TEXT, "hrn", TEXT, "instantiation", TEXT, "state", TEXT, "url", TEXT,
                    "description", TEXT, "max_nodes", INTEGER, "created", INTEGER, "expires", INTEGER));

    private final ObjectType type;
    private final String wireName;
    private final String table;
    private final String idColumn;
    private final String peerIdColumn;
    private final String counter;
    private final String live;
    private final Map<String, ColumnKind> columns;

    ForeignKind(ObjectType type, String wireName, String table, String idColumn, String peerIdColumn, String counter,
            String live, Map<String, ColumnKind> columns) {
        this.type = type;
        this.wireName = wireName;
        this.table = table;
        this.idColumn = idColumn;
        this.peerIdColumn = peerIdColumn;
        this.counter = counter;
        this.live = live;
        this.columns = columns;
    }

    ObjectType type() {
        return type;
    }

    /** The list of GetPeerData holding this kind, e.g. "Sites". */
    String wireName() {
        return wireName;
    }

    String table() {
        return table;
    }

    String idColumn() {
        return idColumn;
    }

    String peerIdColumn() {
        return peerIdColumn;
    }

    String counter() {
        return counter;
    }

    /** A condition on the table's rows (unqualified) that holds for live ones. */
    String live() {
        return live;
    }

    Map<String, ColumnKind> columns() {
        return columns;
    }

    private static Map<String, ColumnKind> columns(Object... pairs) {
        Map<String, ColumnKind> columns = new LinkedHashMap<>();
        for (int index = 0; index < pairs.length; index += 2) {
            columns.put((String) pairs[index], (ColumnKind) pairs[index + 1]);
        }
        return java.util.Collections.unmodifiableMap(columns);
    }
}
