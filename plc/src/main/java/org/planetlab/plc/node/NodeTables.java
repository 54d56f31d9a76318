package org.planetlab.plc.node;

import static org.planetlab.plc.store.ColumnKind.BOOLEAN;
import static org.planetlab.plc.store.ColumnKind.INTEGER;
import static org.planetlab.plc.store.ColumnKind.TEXT;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.planetlab.api.node.ConfFileApi;
import org.planetlab.api.node.InterfaceApi;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.node.NodeGroupApi;
import org.planetlab.api.node.PcuApi;
import org.planetlab.plc.store.ColumnKind;
import org.planetlab.plc.store.JoinList;
import org.planetlab.plc.store.ObjectTable;

/** How nodes and the objects around them are stored. */
public final class NodeTables {
    private NodeTables() {}

    /** Node-to-group membership: a node is in a group when it has the group's tag value. */
    private static final String MEMBERSHIP = "node_tags j JOIN nodegroups g ON g.tag_type_id = j.tag_type_id"
            + " AND g.value = j.value JOIN nodes n ON n.node_id = j.node_id AND n.deleted = FALSE";

    public static final ObjectTable NODES = ObjectTable.builder(NodeApi.NODE, "nodes", "node_id")
            .name("t.hostname_key", hostname -> hostname.toLowerCase(Locale.ROOT))
            .live("t.deleted = FALSE")
            .plain(INTEGER, "node_id", "site_id", "date_created", "last_updated", "last_contact", "peer_id", "peer_node_id")
            .caseInsensitive("hostname", "t.hostname")
            .plain(TEXT, "node_type", "boot_state", "model", "version")
            .column("key", "t.node_key", TEXT)
            .join(JoinList.ids("interface_ids", "interfaces j", "j.node_id", "j.interface_id"))
            .join(JoinList.ids("slice_ids", "slice_nodes j JOIN slices s ON s.slice_id = j.slice_id"
                    + " AND s.is_deleted = FALSE", "j.node_id", "j.slice_id"))
            .join(JoinList.ids("slice_ids_whitelist", "node_slice_whitelist j JOIN slices s ON s.slice_id = j.slice_id"
                    + " AND s.is_deleted = FALSE", "j.node_id", "j.slice_id"))
            .join(JoinList.ids("nodegroup_ids", MEMBERSHIP, "j.node_id", "g.nodegroup_id"))
            .join(JoinList.ids("node_tag_ids", "node_tags j", "j.node_id", "j.node_tag_id"))
            .join(JoinList.ids("conf_file_ids", "conf_file_nodes j", "j.node_id", "j.conf_file_id"))
            .join(JoinList.ids("pcu_ids", "pcu_nodes j", "j.node_id", "j.pcu_id"))
            .operatorOnly("key", "peer_node_id")
            .build();

    private static final String LIVE_NODE = "EXISTS (SELECT 1 FROM nodes n WHERE n.node_id = t.node_id"
            + " AND n.deleted = FALSE)";

    public static final ObjectTable INTERFACES = ObjectTable.builder(InterfaceApi.INTERFACE, "interfaces",
                    "interface_id")
            .name("t.ip", UnaryOperator.identity())
            .live(LIVE_NODE)
            .plain(INTEGER, "interface_id", "node_id", "bwlimit", "last_updated")
            .plain(TEXT, "method", "type", "ip", "mac", "netmask", "network", "broadcast", "gateway", "dns1", "dns2",
                    "hostname")
            .plain(BOOLEAN, "is_primary")
            .build();

    public static final ObjectTable NODE_TAGS = ObjectTable.builder(NodeGroupApi.NODE_TAG, "node_tags", "node_tag_id")
            .live(LIVE_NODE)
            .plain(INTEGER, "node_tag_id", "node_id", "tag_type_id")
            .plain(TEXT, "value")
            .column("hostname", "(SELECT n.hostname FROM nodes n WHERE n.node_id = t.node_id)", TEXT)
            .column("tagname", "(SELECT y.tagname FROM tag_types y WHERE y.tag_type_id = t.tag_type_id)", TEXT)
            .build();

    public static final ObjectTable NODE_GROUPS = ObjectTable.builder(NodeGroupApi.NODE_GROUP, "nodegroups",
                    "nodegroup_id")
            .name("t.groupname", UnaryOperator.identity())
            .plain(INTEGER, "nodegroup_id", "tag_type_id")
            .plain(TEXT, "groupname", "value")
            .column("tagname", "(SELECT y.tagname FROM tag_types y WHERE y.tag_type_id = t.tag_type_id)", TEXT)
            .join(JoinList.ids("node_ids", MEMBERSHIP, "g.nodegroup_id", "j.node_id"))
            .join(JoinList.ids("conf_file_ids", "conf_file_nodegroups j", "j.nodegroup_id", "j.conf_file_id"))
            .build();

    public static final ObjectTable PCUS = ObjectTable.builder(PcuApi.PCU, "pcus", "pcu_id")
            .live("EXISTS (SELECT 1 FROM sites s WHERE s.site_id = t.site_id AND s.deleted = FALSE)")
            .plain(INTEGER, "pcu_id", "site_id", "last_updated")
            .plain(TEXT, "hostname", "ip", "protocol", "username", "password", "model", "notes")
            .join(JoinList.ids("node_ids", "pcu_nodes j", "j.pcu_id", "j.node_id"))
            .join(new JoinList("ports", "pcu_nodes j", "j.pcu_id", "j.port", "j.node_id", ColumnKind.INTEGER))
            .build();

    public static final ObjectTable CONF_FILES = ObjectTable.builder(ConfFileApi.CONF_FILE, "conf_files",
                    "conf_file_id")
            .plain(INTEGER, "conf_file_id")
            .plain(TEXT, "source", "dest", "file_permissions", "file_owner", "file_group", "preinstall_cmd",
                    "postinstall_cmd", "error_cmd")
            .plain(BOOLEAN, "enabled", "ignore_cmd_errors", "always_update")
            .join(JoinList.ids("node_ids", "conf_file_nodes j", "j.conf_file_id", "j.node_id"))
            .join(JoinList.ids("nodegroup_ids", "conf_file_nodegroups j", "j.conf_file_id", "j.nodegroup_id"))
            .build();

    /** The node groups a live node is in now (by {@link #MEMBERSHIP}); none for a deleted node. */
    public static List<Long> nodeGroupIds(Handle handle, long nodeId) {
        return handle.createQuery("SELECT g.nodegroup_id FROM " + MEMBERSHIP + " WHERE j.node_id = :node")
                .bind("node", nodeId).mapTo(Long.class).list();
    }
}
