package org.planetlab.api.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Methods of the original PLCAPI that this PLC does not offer, each with why and what to use
 * instead. A call of one is answered with a fault carrying that text, so that a script written
 * for the original learns what to change; they are not listed by {@code system.listMethods}.
 */
public final class RetiredMethods {
    private static final Map<String, String> REASONS = build();

    private RetiredMethods() {}

    private static Map<String, String> build() {
        Map<String, String> reasons = new LinkedHashMap<>();
        String peers = "PLC federates with other authorities through the GENI aggregate manager (AM API v3 with"
                + " GENI credentials, docs/federation.md), not through PLCAPI peering; there are no peers to manage";
        for (String name : new String[] {"AddPeer", "DeletePeer", "GetPeers", "UpdatePeer", "RefreshPeer",
                "GetPeerData", "GetPeerName", "BindObjectToPeer", "UnBindObjectFromPeer", "DeleteAllPeerEntries"}) {
            reasons.put(name, peers);
        }
        String leases = "nodes are shared by slices here, never reserved for one slice for a time; there are no"
                + " leases: add the slice to nodes with AddSliceToNodes";
        for (String name : new String[] {"AddLeases", "DeleteLeases", "GetLeases", "UpdateLeases",
                "GetLeaseGranularity"}) {
            reasons.put(name, leases);
        }
        String messages = "PLC's mail texts are part of the server, not editable message templates; notices go out"
                + " through the configured mail server (mail.* settings)";
        for (String name : new String[] {"AddMessage", "DeleteMessage", "GetMessages", "UpdateMessage"}) {
            reasons.put(name, messages);
        }
        String addressTypes = "a site's addresses have no types here (each is a postal address of the site); read"
                + " and change them with GetAddresses, UpdateAddress";
        for (String name : new String[] {"AddAddressType", "DeleteAddressType", "UpdateAddressType", "GetAddressTypes",
                "AddAddressTypeToAddress", "DeleteAddressTypeFromAddress"}) {
            reasons.put(name, addressTypes);
        }
        vocabulary(reasons, "boot states (GetBootStates)", "AddBootState", "DeleteBootState");
        vocabulary(reasons, "key types (GetKeyTypes)", "AddKeyType", "DeleteKeyType");
        vocabulary(reasons, "network methods (GetNetworkMethods)", "AddNetworkMethod", "DeleteNetworkMethod");
        vocabulary(reasons, "network types (GetNetworkTypes)", "AddNetworkType", "DeleteNetworkType");
        vocabulary(reasons, "node types (GetNodeTypes)", "AddNodeType", "DeleteNodeType");
        vocabulary(reasons, "roles (GetRoles)", "AddRole", "DeleteRole");
        vocabulary(reasons, "slice instantiations (GetSliceInstantiations)", "AddSliceInstantiation",
                "DeleteSliceInstantiation");
        String pcuTypes = "PCU models are not a table here: a PCU's model and protocol are fields of the PCU"
                + " (AddPCU, UpdatePCU, GetPCUs)";
        for (String name : new String[] {"AddPCUType", "DeletePCUType", "GetPCUTypes", "UpdatePCUType",
                "AddPCUProtocolType", "DeletePCUProtocolType", "GetPCUProtocolTypes", "UpdatePCUProtocolType"}) {
            reasons.put(name, pcuTypes);
        }
        String tagTypeRoles = "a tag type here carries the least privileged role that may set its values"
                + " (min_role_id; role_ids lists the roles it admits); change it with UpdateTagType";
        reasons.put("AddRoleToTagType", tagTypeRoles);
        reasons.put("DeleteRoleFromTagType", tagTypeRoles);
        String ilinks = "links between interfaces of different nodes are not modelled here; PLC configures each"
                + " node's own interfaces (GetInterfaces)";
        for (String name : new String[] {"AddIlink", "DeleteIlink", "GetIlinks", "UpdateIlink"}) {
            reasons.put(name, ilinks);
        }
        String initScripts = "a slice's start-up script is its initscript_code attribute (SetSliceInitscriptCode,"
                + " AddSliceTag with tag type initscript_code); there is no table of shared init scripts";
        for (String name : new String[] {"AddInitScript", "DeleteInitScript", "GetInitScripts", "UpdateInitScript"}) {
            reasons.put(name, initScripts);
        }
        String whitelist = "nodes are not reserved for whitelisted slices here; a site keeps slices off its nodes"
                + " with its owner script's blacklist";
        for (String name : new String[] {"AddSliceToNodesWhitelist", "DeleteSliceFromNodesWhitelist",
                "GetWhitelist"}) {
            reasons.put(name, whitelist);
        }
        reasons.put("VerifyPerson", "a new account's address is verified through the link the portal mails at"
                + " registration (RegisterPerson); an operator or PI enables an account with ApprovePerson");
        reasons.put("ResetPassword", "a forgotten password is reset through the link the portal mails; an operator"
                + " sets a password with UpdatePerson");
        reasons.put("GetSessions", "session keys are kept only as hashes, so no one can read them back; a session"
                + " ends with DeleteSession or when it expires, and every session opened is in the event log");
        legacy(reasons);
        return Collections.unmodifiableMap(reasons);
    }

    /** PLC 3's calls that return what PLCAPI 4 split over several methods. */
    private static void legacy(Map<String, String> reasons) {
        String info = "PLC 3's call, whose result mixed slices, persons and nodes; use GetSlices (its person_ids and"
                + " node_ids), GetPersons and GetNodes, and GetSliceTags";
        reasons.put("SliceInfo", info);
        reasons.put("SliceExtendedInfo", info);
    }

    private static void vocabulary(Map<String, String> reasons, String what, String... names) {
        for (String name : names) {
            reasons.put(name, what + " are fixed here, since the server and the node agent act on each of them;"
                    + " they are listed but cannot be added, changed or deleted");
        }
    }

    /** Why {@code name} is not offered and what to use instead; empty for any other name. */
    public static Optional<String> reason(String name) {
        return Optional.ofNullable(REASONS.get(name));
    }

    /** Every retired method with its reason. */
    public static Map<String, String> all() {
        return REASONS;
    }
}
