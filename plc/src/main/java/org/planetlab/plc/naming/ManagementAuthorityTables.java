package org.planetlab.plc.naming;

import static org.planetlab.plc.store.ColumnKind.BOOLEAN;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.function.UnaryOperator;
import org.planetlab.api.naming.ManagementAuthorityApi;
import org.planetlab.plc.store.JoinList;
import org.planetlab.plc.store.ObjectTable;

/** How management authorities and authority policies are stored; a node without an MA is PLC's own's. */
public final class ManagementAuthorityTables {
    private ManagementAuthorityTables() {}

    public static final ObjectTable MANAGEMENT_AUTHORITIES = ObjectTable.builder(
                    ManagementAuthorityApi.MANAGEMENT_AUTHORITY, "management_authorities", "management_authority_id")
            .name("t.hrn", UnaryOperator.identity())
            .plain(INTEGER, "management_authority_id", "date_created")
            .plain(TEXT, "hrn", "name")
            .plain(BOOLEAN, "is_own")
            .join(JoinList.ids("person_ids", "management_authority_persons j JOIN persons p ON p.person_id = j.person_id"
                    + " AND p.deleted = FALSE", "j.management_authority_id", "j.person_id"))
            .join(JoinList.ids("node_ids", "nodes j JOIN management_authorities a ON a.management_authority_id"
                    + " = j.management_authority_id OR (j.management_authority_id IS NULL AND a.is_own = TRUE)",
                    "a.management_authority_id", "j.node_id").withCondition("j.deleted = FALSE AND j.peer_id IS NULL"))
            .build();

    public static final ObjectTable AUTHORITY_POLICIES = ObjectTable.builder(ManagementAuthorityApi.AUTHORITY_POLICY,
                    "authority_policies", "authority_policy_id")
            .plain(INTEGER, "authority_policy_id", "management_authority_id", "max_slivers", "date_created")
            .plain(TEXT, "slice_authority", "policy_file")
            .join(JoinList.ids("nodegroup_ids", "authority_policy_nodegroups j", "j.authority_policy_id", "j.nodegroup_id"))
            .build();
}
