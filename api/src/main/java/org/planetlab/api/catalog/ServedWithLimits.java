package org.planetlab.api.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Methods of the original PLCAPI that this PLC serves but where what the original did cannot be
 * done here, each with what happens instead; docs/plcapi.md shows the text next to the method,
 * so that a script written for the original learns what to expect.
 */
public final class ServedWithLimits {
    private static final Map<String, String> NOTES = build();

    private ServedWithLimits() {}

    private static Map<String, String> build() {
        Map<String, String> notes = new LinkedHashMap<>();
        String inUse = "the values PLC acts on cannot be deleted, and one still in use is refused by name (the"
                + " original deleted every %s using it)";
        notes.put("AddKeyType", "an added key type is listed, but nodes install only OpenSSH keys: AddPersonKey takes"
                + " only ssh");
        notes.put("DeleteKeyType", inUse.formatted("key"));
        notes.put("AddBootState", "an added boot state is listed, but the boot manager acts only on boot, safeboot,"
                + " reinstall and disabled: UpdateNode takes only those");
        notes.put("DeleteBootState", inUse.formatted("node"));
        notes.put("AddNodeType", "an added node type can be given to nodes; nodes of an added type boot and run slices"
                + " as regular ones do (only reservable nodes run by leases)");
        notes.put("DeleteNodeType", inUse.formatted("node"));
        notes.put("AddNetworkMethod", "an added method is listed, but nodes configure interfaces only static or dhcp:"
                + " AddInterface takes only those");
        notes.put("DeleteNetworkMethod", inUse.formatted("interface"));
        notes.put("AddNetworkType", "an added type is listed, but nodes configure only ipv4 and ipv6: AddInterface"
                + " takes only those");
        notes.put("DeleteNetworkType", inUse.formatted("interface"));
        notes.put("AddSliceInstantiation", "an added instantiation is listed, but the node agent creates slivers only"
                + " as plc-instantiated, delegated, not-instantiated or nm-controller: AddSlice takes only those");
        notes.put("DeleteSliceInstantiation", inUse.formatted("slice"));
        notes.put("AddRole", "an added role is listed but grants nothing: AddRoleToPerson and AddRoleToTagType refuse"
                + " it");
        notes.put("DeleteRole", "admin, pi, user, tech and node cannot be deleted");
        notes.put("AddRoleToTagType", "a tag type admits every role up to its min_role_id, so admitting a role raises"
                + " min_role_id and admits the roles between as well");
        notes.put("DeleteRoleFromTagType", "lowers min_role_id below the role, so the less privileged roles leave"
                + " role_ids as well; admin always remains");
        notes.put("AddPCUProtocolType", "a PCU is rebooted by its own protocol field (UpdatePCU), with the drivers"
                + " PLC has; supported records what the operator knows of the model");
        return Collections.unmodifiableMap(notes);
    }

    /** What differs from the original in the served method {@code name}; empty for any other name. */
    public static Optional<String> note(String name) {
        return Optional.ofNullable(NOTES.get(name));
    }

    /** Every note, by method name. */
    public static Map<String, String> all() {
        return NOTES;
    }
}
