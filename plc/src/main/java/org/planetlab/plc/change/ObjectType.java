package org.planetlab.plc.change;

/** The kinds of registry object a call can affect, named as PLCAPI's event log names them. */
public enum ObjectType {
    SITE("Site"),
    ADDRESS("Address"),
    PERSON("Person"),
    KEY("Key"),
    NODE("Node"),
    INTERFACE("Interface"),
    NODE_TAG("NodeTag"),
    NODE_GROUP("NodeGroup"),
    PCU("PCU"),
    CONF_FILE("ConfFile"),
    TAG_TYPE("TagType"),
    SLICE("Slice"),
    SLICE_TAG("SliceTag"),
    SESSION("Session"),
    COMPLAINT("Complaint"),
    ESCALATION("Escalation"),
    SLICE_STOP("SliceStop"),
    ROLE("Role"),
    ADDRESS_TYPE("AddressType"),
    PCU_TYPE("PCUType"),
    PCU_PROTOCOL_TYPE("PCUProtocolType"),
    INIT_SCRIPT("InitScript"),
    ROLLOUT("Rollout"),
    USAGE_NOTICE("UsageNotice"),
    PEER("Peer"),
    NAMING_AUTHORITY("NamingAuthority"),
    MANAGEMENT_AUTHORITY("ManagementAuthority"),
    AUTHORITY_POLICY("AuthorityPolicy");

    private final String wireName;

    ObjectType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The type PLCAPI's event log names {@code wireName}, e.g. "Slice". */
    public static java.util.Optional<ObjectType> fromWireName(String wireName) {
        for (ObjectType type : values()) {
            if (type.wireName.equals(wireName)) {
                return java.util.Optional.of(type);
            }
        }
        return java.util.Optional.empty();
    }
}
