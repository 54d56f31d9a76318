package org.planetlab.plc.naming;

import static org.planetlab.plc.store.ColumnKind.BOOLEAN;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.function.UnaryOperator;
import org.planetlab.api.naming.NamingAuthorityApi;
import org.planetlab.plc.store.JoinList;
import org.planetlab.plc.store.ObjectTable;

/** How naming authorities are stored; a site without one of its own is under PLC's (is_own). */
public final class NamingAuthorityTables {
    private NamingAuthorityTables() {}

    public static final ObjectTable NAMING_AUTHORITIES = ObjectTable.builder(NamingAuthorityApi.NAMING_AUTHORITY,
                    "naming_authorities", "naming_authority_id")
            .name("t.hrn", UnaryOperator.identity())
            .plain(INTEGER, "naming_authority_id", "person_id", "date_created")
            .plain(TEXT, "hrn", "name")
            .plain(BOOLEAN, "is_own")
            .join(JoinList.ids("site_ids", "sites j JOIN naming_authorities a ON a.naming_authority_id"
                    + " = j.naming_authority_id OR (j.naming_authority_id IS NULL AND a.is_own = TRUE)",
                    "a.naming_authority_id", "j.site_id").withCondition("j.deleted = FALSE"))
            .build();
}
