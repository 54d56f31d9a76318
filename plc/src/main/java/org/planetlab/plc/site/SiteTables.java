package org.planetlab.plc.site;

import static org.planetlab.plc.store.ColumnKind.BOOLEAN;
import static org.planetlab.plc.store.ColumnKind.DOUBLE;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.function.UnaryOperator;
import org.planetlab.api.site.SiteApi;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.JoinList;
import org.planetlab.plc.store.ObjectTable;

/** How sites and addresses are stored. */
public final class SiteTables {
    private SiteTables() {}

    private static JoinList personsWithRole(String field, long roleId) {
        return JoinList.ids(field, "person_sites j JOIN persons p ON p.person_id = j.person_id AND p.deleted = FALSE"
                + " JOIN person_roles r ON r.person_id = j.person_id AND r.role_id = " + roleId,
                "j.site_id", "j.person_id");
    }

    public static final ObjectTable SITES = ObjectTable.builder(SiteApi.SITE, "sites", "site_id")
            .name("t.login_base", UnaryOperator.identity())
            .live("t.deleted = FALSE")
            .plain(INTEGER, "site_id", "max_slices", "max_slivers", "date_created", "last_updated", "peer_id", "peer_site_id")
            .operatorOnly("peer_site_id")
            .plain(TEXT, "login_base", "name", "abbreviated_name", "url")
            .plain(DOUBLE, "latitude", "longitude")
            .plain(BOOLEAN, "is_public", "enabled")
            // A site without an authority of its own is under PLC's (migration V36).
            .column("naming_authority", "(SELECT a.hrn FROM naming_authorities a WHERE a.naming_authority_id"
                    + " = t.naming_authority_id OR (t.naming_authority_id IS NULL AND a.is_own = TRUE))", TEXT)
            .join(new JoinList("subnets", "site_subnets j", "j.site_id", "j.cidr", "j.position", ColumnKind.TEXT))
            .join(JoinList.ids("person_ids", "person_sites j JOIN persons p ON p.person_id = j.person_id"
                    + " AND p.deleted = FALSE", "j.site_id", "j.person_id"))
            .join(personsWithRole("pi_ids", 20))
            .join(personsWithRole("tech_ids", 40))
            .join(JoinList.ids("node_ids", "nodes j", "j.site_id", "j.node_id").withCondition("j.deleted = FALSE"))
            .join(JoinList.ids("slice_ids", "slices j", "j.site_id", "j.slice_id").withCondition("j.is_deleted = FALSE"))
            .join(JoinList.ids("address_ids", "addresses j", "j.site_id", "j.address_id"))
            .join(JoinList.ids("pcu_ids", "pcus j", "j.site_id", "j.pcu_id"))
            .build();

    public static final ObjectTable ADDRESSES = ObjectTable.builder(SiteApi.ADDRESS, "addresses", "address_id")
            .live("EXISTS (SELECT 1 FROM sites s WHERE s.site_id = t.site_id AND s.deleted = FALSE)")
            .plain(INTEGER, "address_id", "site_id", "last_updated")
            .plain(TEXT, "line1", "line2", "line3", "city", "state", "postalcode", "country")
            .join(JoinList.ids("address_type_ids", "address_address_types j", "j.address_id", "j.address_type_id"))
            .join(new JoinList("address_types", "address_address_types j JOIN address_types y"
                    + " ON y.address_type_id = j.address_type_id", "j.address_id", "y.name", "j.address_type_id",
                    ColumnKind.TEXT))
            .build();
}
