package org.planetlab.api.node;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.ANONYMOUS;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/** Network interfaces of nodes. */
public final class InterfaceApi {
    private InterfaceApi() {}

    public static final StringType IP_ADDRESS = StringType.matching(45,
            "[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*", "an IPv4 or IPv6 address");
    public static final StringType MAC = StringType.matching(17,
            "[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}", "a MAC address such as 00:06:5b:ec:33:bb");
    public static final StringType METHOD = StringType.matching(20, "static|dhcp",
            "static or dhcp, the methods nodes configure");
    public static final StringType TYPE = StringType.matching(20, "ipv4|ipv6",
            "ipv4 or ipv6, the families nodes configure");

    public static final StructType INTERFACE = StructType.of("Interface",
            readOnly("interface_id", IntType.ID, "interface identifier"),
            readOnly("node_id", IntType.ID, "the node"),
            writable("method", METHOD, "how the address is configured"),
            writable("type", TYPE, "address family"),
            writable("ip", new NullableType(IP_ADDRESS), "address; required for static"),
            writable("mac", new NullableType(MAC), "hardware address"),
            writable("netmask", new NullableType(IP_ADDRESS), "network mask"),
            writable("network", new NullableType(IP_ADDRESS), "network address"),
            writable("broadcast", new NullableType(IP_ADDRESS), "broadcast address"),
            writable("gateway", new NullableType(IP_ADDRESS), "default gateway"),
            writable("dns1", new NullableType(IP_ADDRESS), "first name server"),
            writable("dns2", new NullableType(IP_ADDRESS), "second name server"),
            writable("bwlimit", new NullableType(new IntType(500_000, Long.MAX_VALUE)),
                    "the node's outgoing bandwidth cap in bit/s, set by the site; nil for none"),
            writable("hostname", new NullableType(NodeApi.HOSTNAME), "DNS name of this address"),
            writable("is_primary", BoolType.INSTANCE, "whether this is the node's primary interface"),
            readOnly("last_updated", IntType.TIMESTAMP, "when the interface last changed"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddInterface").roles(ADMIN, PI, TECH).mutates()
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .param("interface_fields", INTERFACE.writable().requiring("method", "type"), "the interface")
                    .returns(IntType.ID, "the new interface_id")
                    .help("Adds a network interface to a node; a node's first interface is its primary one."
                            + " PIs and techs may change only their sites' nodes.")
                    .build(),
            MethodSpec.builder("GetInterfaces").roles(ADMIN, PI, USER, TECH, NODE, ANONYMOUS)
                    .optionalParam("interface_filter", new FilterType(INTERFACE, "interface_id", "ip"),
                            "interface_ids, addresses or a struct of conditions; nil for all")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(INTERFACE), "the matching interfaces")
                    .help("Returns node interfaces.")
                    .build(),
            MethodSpec.builder("UpdateInterface").roles(ADMIN, PI, TECH).mutates()
                    .param("interface_id", IntType.ID, "the interface")
                    .param("interface_fields", INTERFACE.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes an interface, e.g. the node's bandwidth cap (bwlimit).")
                    .build(),
            MethodSpec.builder("DeleteInterface").roles(ADMIN, PI, TECH).mutates()
                    .param("interface_id", IntType.ID, "the interface")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes an interface.")
                    .build());
}
