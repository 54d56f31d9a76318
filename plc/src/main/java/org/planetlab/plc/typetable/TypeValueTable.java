package org.planetlab.plc.typetable;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The original PLCAPI's one-column type tables. Each lists first the values PLC acts on (seeded,
 * never deleted) and says where a value is used, so that one in use is not deleted.
 *
 * @param name the name in the methods, e.g. KeyType for AddKeyType
 * @param table the table
 * @param column its one column
 * @param what what a value is, e.g. "key type"
 * @param builtIn the values PLC acts on, in the order they are listed
 * @param usedBy the rows that use a value {@code :value}, counted before a delete, e.g. keys
 * @param users what those rows are, e.g. "key(s)"
 */
public record TypeValueTable(String name, String table, String column, String what, List<String> builtIn, String usedBy,
        String users) {
    public TypeValueTable {
        requireNonNull(name, "name is null");
        requireNonNull(table, "table is null");
        requireNonNull(column, "column is null");
        requireNonNull(what, "what is null");
        requireNonNull(usedBy, "usedBy is null");
        requireNonNull(users, "users is null");
        builtIn = List.copyOf(builtIn);
    }

    public static final TypeValueTable KEY_TYPES = new TypeValueTable("KeyType", "key_types", "key_type",
            "key type", List.of("ssh"), "person_keys WHERE key_type = :value", "key(s)");
    public static final TypeValueTable BOOT_STATES = new TypeValueTable("BootState", "boot_states", "boot_state",
            "boot state", List.of("boot", "safeboot", "reinstall", "disabled"),
            "nodes WHERE boot_state = :value AND deleted = FALSE", "node(s)");
    public static final TypeValueTable NODE_TYPES = new TypeValueTable("NodeType", "node_types", "node_type",
            "node type", List.of("regular", "reservable"), "nodes WHERE node_type = :value AND deleted = FALSE", "node(s)");
    public static final TypeValueTable NETWORK_METHODS = new TypeValueTable("NetworkMethod", "network_methods",
            "method", "network method", List.of("static", "dhcp"), "interfaces WHERE method = :value",
            "interface(s)");
    public static final TypeValueTable NETWORK_TYPES = new TypeValueTable("NetworkType", "network_types", "type",
            "network type", List.of("ipv4", "ipv6"), "interfaces WHERE type = :value", "interface(s)");
    public static final TypeValueTable SLICE_INSTANTIATIONS = new TypeValueTable("SliceInstantiation",
            "slice_instantiations", "instantiation", "slice instantiation",
            List.of("plc-instantiated", "delegated", "not-instantiated", "nm-controller"),
            "slices WHERE instantiation = :value AND is_deleted = FALSE", "slice(s)");
}
