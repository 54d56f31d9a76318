package org.planetlab.api.node;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.FilterType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.NullableType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;
import org.planetlab.api.site.SiteApi;

/** Power control units: the devices that reboot a site's nodes remotely. */
public final class PcuApi {
    private PcuApi() {}

    public static final StructType PCU = StructType.of("PCU",
            readOnly("pcu_id", IntType.ID, "PCU identifier"),
            readOnly("site_id", IntType.ID, "the site"),
            writable("hostname", new NullableType(NodeApi.HOSTNAME), "DNS name"),
            writable("ip", InterfaceApi.IP_ADDRESS, "address"),
            writable("protocol", new NullableType(StringType.max(16)), "protocol, e.g. ipmi"),
            writable("username", new NullableType(StringType.max(254)), "login name"),
            writable("password", new NullableType(StringType.max(254)),
                    "password (write-only: no call ever returns it)"),
            writable("model", new NullableType(StringType.max(32)), "model; names its PCU type (GetPCUTypes),"
                    + " whose model it is"),
            writable("notes", new NullableType(StringType.max(254)), "notes"),
            readOnly("node_ids", ArrayType.of(IntType.ID), "the nodes wired to it"),
            readOnly("ports", ArrayType.of(IntType.NON_NEGATIVE), "their ports, in the order of node_ids"),
            readOnly("last_updated", IntType.TIMESTAMP, "when the PCU last changed"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("AddPCU").roles(ADMIN, PI, TECH).mutates()
                    .param("site_id_or_login_base", SiteApi.SITE_REF, "the site")
                    .param("pcu_fields", PCU.writable().requiring("ip"), "the PCU")
                    .returns(IntType.ID, "the new pcu_id")
                    .help("Adds a power control unit to a site. PIs and techs may add them only to their sites.")
                    .build(),
            MethodSpec.builder("GetPCUs").roles(ADMIN, PI, TECH, NODE)
                    .optionalParam("pcu_filter", new FilterType(PCU, "pcu_id", null),
                            "pcu_ids or a struct of conditions; nil for all visible")
                    .optionalParam("return_fields", Arguments.RETURN_FIELDS, Arguments.RETURN_FIELDS_DOC)
                    .returns(ArrayType.of(PCU), "the matching PCUs")
                    .help("Returns PCUs: operators see all, others their own site's.")
                    .build(),
            MethodSpec.builder("UpdatePCU").roles(ADMIN, PI, TECH).mutates()
                    .param("pcu_id", IntType.ID, "the PCU")
                    .param("pcu_fields", PCU.writable(), "the fields to change")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Changes a PCU of one's site.")
                    .build(),
            MethodSpec.builder("DeletePCU").roles(ADMIN, PI, TECH).mutates()
                    .param("pcu_id", IntType.ID, "the PCU")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Deletes a PCU of one's site.")
                    .build(),
            MethodSpec.builder("AddNodeToPCU").roles(ADMIN, PI, TECH).mutates()
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .param("pcu_id", IntType.ID, "the PCU")
                    .param("port", IntType.NON_NEGATIVE, "the PCU port the node is wired to")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Records that a node is wired to a PCU port; node and PCU must be at the same site.")
                    .build(),
            MethodSpec.builder("DeleteNodeFromPCU").roles(ADMIN, PI, TECH).mutates()
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .param("pcu_id", IntType.ID, "the PCU")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Records that a node is no longer wired to a PCU.")
                    .build());
}
