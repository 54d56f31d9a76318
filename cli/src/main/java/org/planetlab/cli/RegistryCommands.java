package org.planetlab.cli;

import java.util.List;
import org.planetlab.cli.command.CommandFactory;
import org.planetlab.cli.command.CommandGroup;
import org.planetlab.cli.command.Verb;
import org.planetlab.cli.node.NodeAddAction;
import org.planetlab.cli.node.NodeConsoleAction;
import org.planetlab.cli.node.NodeRebootAction;

/**
 * The resource commands of {@code pl}: for each kind of registry object, which verb calls which
 * API method. Options, arguments and help come from the methods' definitions; the table columns
 * named here are only what {@code list} shows unless {@code --fields} says otherwise.
 */
final class RegistryCommands {
    private RegistryCommands() {}

    static List<CommandFactory> groups() {
        return List.of(site(), address(), person(), key(), node(), nodeInterface(), nodeTag(), nodeGroup(), pcu(),
                confFile(), tagType(), SliceCommands.group(), sliceTag(), notifications(), usage(), peer(), namingAuthority(),
                managementAuthority(), authorityPolicy(), sliver());
    }

    private static CommandGroup site() {
        return CommandGroup.of("site", "Sites: the organizations that contribute nodes and own slices.",
                        "site_id", "login_base", "name", "enabled", "max_slices", "max_slivers", "person_ids", "node_ids",
                        "slice_ids")
                .verb("add", "AddSite")
                .listAndShow("GetSites")
                .verb("update", "UpdateSite")
                .verb("delete", "DeleteSite")
                .verb("uptime", "GetSiteUptime")
                .verb("stop-slices", "StopSiteSlices")
                .command(siteAgreement());
    }

    private static CommandGroup siteAgreement() {
        return CommandGroup.of("agreement", "Sites' hosting agreements: a site's PI creates slices only once an"
                        + " operator has recorded the agreement the site signed.",
                        "site_id", "login_base", "version", "signed_by", "signed_at", "recorded_by")
                .verb("record", "RecordSiteAgreement")
                .verb("list", "GetSiteAgreements")
                .verb("revoke", "RevokeSiteAgreement");
    }

    private static CommandGroup notifications() {
        return CommandGroup.of("notifications", "What the monitor did about nodes that stayed down: mail to a site's"
                        + " technical contacts and PIs, and the site's loss of slice creation until the node is back;"
                        + " and the usage notices to slices past a day's threshold.",
                        "kind", "escalation_id", "notice_id", "hostname", "step", "slice_name", "metric", "down_since",
                        "raised_at", "ended_at")
                .verb("list", "GetNotifications");
    }

    private static CommandGroup usage() {
        return CommandGroup.of("usage", "What slices use: a slice across its nodes, a node's slices, and the day's top"
                        + " consumers by CPU, memory, bandwidth or bytes.",
                        "slice_id", "name", "node_id", "hostname", "cpu_seconds", "memory_bytes", "bytes_sent",
                        "bytes_received", "bandwidth_bps")
                .verb("slice", "GetSliceUsage")
                .verb("node", "GetNodeUsage")
                .verb("top", "GetTopConsumers")
                .verb("report", "ReportUsage");
    }

    private static CommandGroup sliver() {
        return CommandGroup.of("sliver", "Slivers' states as their nodes report them: building, failed and why, running,"
                        + " stopped.",
                        "node_id", "hostname", "state", "reason", "since", "reported")
                .verb("states", "GetSliverStates")
                .verb("report", "ReportSliverStates");
    }

    private static CommandGroup address() {
        return CommandGroup.of("address", "Postal addresses of sites.",
                        "address_id", "site_id", "line1", "city", "state", "postalcode", "country")
                .verb("add", "AddSiteAddress")
                .listAndShow("GetAddresses")
                .verb("update", "UpdateAddress")
                .verb("delete", "DeleteAddress");
    }

    private static CommandGroup person() {
        return CommandGroup.of("person", "Persons (principals): accounts, their roles, sites and slices.",
                        "person_id", "email", "first_name", "last_name", "enabled", "roles", "site_ids", "slice_ids")
                .verb("add", "AddPerson")
                .verb("register", "RegisterPerson")
                .verb("approve", "ApprovePerson")
                .listAndShow("GetPersons")
                .verb("update", "UpdatePerson")
                .verb("delete", "DeletePerson")
                .verb(Verb.of("add-role", "AddRoleToPerson").order("person_id_or_email", "role_id_or_name"))
                .verb(Verb.of("remove-role", "DeleteRoleFromPerson").order("person_id_or_email", "role_id_or_name"))
                .verb("add-site", "AddPersonToSite")
                .verb("remove-site", "DeletePersonFromSite")
                .verb("add-slice", "AddPersonToSlice")
                .verb("remove-slice", "DeletePersonFromSlice");
    }

    private static CommandGroup key() {
        return CommandGroup.of("key", "SSH public keys of persons, and the key blacklist.",
                        "key_id", "person_id", "key_type", "fingerprint")
                .verb(Verb.of("add", "AddPersonKey").withDefault("key_type", "ssh").fromFile("key"))
                .listAndShow("GetKeys")
                .verb(Verb.of("update", "UpdateKey").fromFile("key"))
                .verb("delete", "DeleteKey")
                .verb("blacklist", "BlacklistKey")
                .verb("types", "GetKeyTypes");
    }

    private static CommandGroup node() {
        return CommandGroup.of("node", "Nodes: the machines sites contribute.",
                        "node_id", "hostname", "site_id", "boot_state", "last_contact", "interface_ids", "slice_ids")
                .verb(Verb.of("add", "AddNode").extras(NodeAddAction.IP, NodeAddAction.MAC).action(new NodeAddAction()))
                .listAndShow("GetNodes")
                .verb("update", "UpdateNode")
                .verb("delete", "DeleteNode")
                .verb("config-file", "GetNodeConfigFile")
                .verb("reset-key", "ResetNodeKey")
                .verb("managed", "GetManagedNode")
                .verb("add-slice", "AddSliceNode")
                .verb(Verb.of("status", "GetNodeStatus").order("node_id_or_hostname_list"))
                .verb("history", "GetNodeHistory")
                .verb("boot-history", "GetNodeBootHistory")
                .verb("generate-config", "GenerateNodeConfFile")
                .verb("boot-medium", "GetBootMedium")
                .verb("heartbeat", "ReportHeartbeat")
                .verb(Verb.of("reboot", "RebootNode").extras(NodeRebootAction.PCU).action(new NodeRebootAction()))
                .verb(Verb.of("console", "GetNodeConsoleLogs").action(new NodeConsoleAction()))
                .verb("report-console", "ReportConsoleLog");
    }

    private static CommandGroup nodeInterface() {
        return CommandGroup.of("interface", "Network interfaces of nodes, with the node's bandwidth cap (bwlimit).",
                        "interface_id", "node_id", "ip", "mac", "method", "type", "is_primary", "bwlimit", "hostname")
                .verb("add", "AddInterface")
                .listAndShow("GetInterfaces")
                .verb("update", "UpdateInterface")
                .verb("delete", "DeleteInterface");
    }

    private static CommandGroup nodeTag() {
        return CommandGroup.of("node-tag", "Node tags: name/value pairs on nodes.",
                        "node_tag_id", "node_id", "hostname", "tagname", "value")
                .verb("add", "AddNodeTag")
                .listAndShow("GetNodeTags")
                .verb("update", "UpdateNodeTag")
                .verb("delete", "DeleteNodeTag");
    }

    private static CommandGroup nodeGroup() {
        return CommandGroup.of("node-group", "Node groups: the nodes whose tag has a given value.",
                        "nodegroup_id", "groupname", "tagname", "value", "node_ids", "conf_file_ids")
                .verb("add", "AddNodeGroup")
                .listAndShow("GetNodeGroups")
                .verb("update", "UpdateNodeGroup")
                .verb("delete", "DeleteNodeGroup");
    }

    private static CommandGroup peer() {
        return CommandGroup.of("peer", "Peering PLCs, whose sites, nodes, persons, keys and slices this PLC pulls as"
                        + " read-only foreign objects.", "peer_id", "peername", "shortname", "peer_url", "last_refreshed",
                        "node_ids", "slice_ids")
                .verb(Verb.of("add", "AddPeer").fromFile("ca_certificate", "public_key"))
                .listAndShow("GetPeers")
                .verb(Verb.of("update", "UpdatePeer").fromFile("ca_certificate", "public_key"))
                .verb("delete", "DeletePeer")
                .verb("refresh", "RefreshPeer")
                .verb("name", "GetPeerName")
                .verb("data", "GetPeerData")
                .verb("bind", "BindObjectToPeer")
                .verb("unbind", "UnBindObjectFromPeer")
                .verb("delete-entries", "DeleteAllPeerEntries");
    }

    private static CommandGroup namingAuthority() {
        return CommandGroup.of("authority", "Naming authorities under the root (plc, ple) whose sites, persons and"
                        + " slices this PLC names.", "naming_authority_id", "hrn", "name", "is_own", "person_id",
                        "site_ids")
                .verb("add", "AddNamingAuthority")
                .listAndShow("GetNamingAuthorities")
                .verb("set-site", "SetSiteNamingAuthority");
    }

    private static CommandGroup managementAuthority() {
        return CommandGroup.of("management-authority", "Management authorities: the owners of nodes, grouped (plc, this"
                        + " PLC's own, holds every node not put under another).", "management_authority_id", "hrn", "name",
                        "is_own", "person_ids", "node_ids")
                .verb("add", "AddManagementAuthority")
                .listAndShow("GetManagementAuthorities")
                .verb("update", "UpdateManagementAuthority")
                .verb("delete", "DeleteManagementAuthority")
                .verb("set-node", "SetNodeManagementAuthority");
    }

    private static CommandGroup authorityPolicy() {
        return CommandGroup.of("authority-policy", "Which slice authority's slices may run on which management"
                        + " authority's nodes: node groups and the most slivers.", "authority_policy_id",
                        "slice_authority", "management_authority_id", "nodegroup_ids", "max_slivers", "policy_file")
                .verb("add", "AddAuthorityPolicy")
                .listAndShow("GetAuthorityPolicies")
                .verb("update", "UpdateAuthorityPolicy")
                .verb("delete", "DeleteAuthorityPolicy");
    }

    private static CommandGroup pcu() {
        return CommandGroup.of("pcu", "Power control units, which reboot a site's nodes remotely.",
                        "pcu_id", "site_id", "hostname", "ip", "protocol", "model", "node_ids", "ports")
                .verb("add", "AddPCU")
                .listAndShow("GetPCUs")
                .verb("update", "UpdatePCU")
                .verb("delete", "DeletePCU")
                .verb("add-node", "AddNodeToPCU")
                .verb("remove-node", "DeleteNodeFromPCU");
    }

    private static CommandGroup confFile() {
        return CommandGroup.of("conf-file", "Configuration files nodes install, globally, per node group or per node.",
                        "conf_file_id", "enabled", "source", "dest", "file_permissions", "file_owner", "node_ids",
                        "nodegroup_ids")
                .verb("add", "AddConfFile")
                .listAndShow("GetConfFiles")
                .verb("update", "UpdateConfFile")
                .verb("delete", "DeleteConfFile")
                .verb("add-node", "AddConfFileToNode")
                .verb("remove-node", "DeleteConfFileFromNode")
                .verb("add-group", "AddConfFileToNodeGroup")
                .verb("remove-group", "DeleteConfFileFromNodeGroup")
                .verb("content", "GetConfFileContent");
    }

    private static CommandGroup tagType() {
        return CommandGroup.of("tag-type",
                        "Tag types: names of slice attributes (the RSpec) and node tags, with who may set them.",
                        "tag_type_id", "tagname", "category", "min_role_id", "description")
                .verb("add", "AddTagType")
                .listAndShow("GetTagTypes")
                .verb("update", "UpdateTagType")
                .verb("delete", "DeleteTagType");
    }

    private static CommandGroup sliceTag() {
        return CommandGroup.of("slice-tag", "Slice attributes (slice tags): slice-wide, per node group or per node.",
                        "slice_tag_id", "name", "tagname", "value", "node_id", "nodegroup_id")
                .verb("add", "AddSliceTag")
                .listAndShow("GetSliceTags")
                .verb("update", "UpdateSliceTag")
                .verb("delete", "DeleteSliceTag");
    }
}
