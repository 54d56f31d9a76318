package org.planetlab.api.node;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.USER;
import static org.planetlab.api.schema.Field.readOnly;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/** A node's flavour, its base installation, as PLCAPI's GetNodeFlavour derives it from the node's tags. */
public final class NodeFlavourApi {
    private NodeFlavourApi() {}

    /** Nodes run slivers as Linux containers here. */
    public static final String DEFAULT_VIRT = "lxc";

    public static final StructType FLAVOUR = StructType.of("NodeFlavour",
            readOnly("nodefamily", StringType.max(200), "the node's deployment tag, else pldistro-fcdistro-arch"),
            readOnly("fcdistro", StringType.max(100), "the Linux distribution"),
            readOnly("extensions", ArrayType.of(StringType.max(300)), "extension-fcdistro-arch for each extension"),
            readOnly("plain", BoolType.INSTANCE, "whether the plain-bootstrapfs tag is set"),
            readOnly("virt", StringType.max(20), "how slivers are run: the virt tag, else lxc"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("GetNodeFlavour").roles(ADMIN, USER, NODE)
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .returns(FLAVOUR, "{nodefamily, fcdistro, extensions, plain, virt}")
                    .help("Returns the node's flavour from its arch, pldistro, fcdistro, deployment, extensions,"
                            + " plain-bootstrapfs and virt tags, each defaulting to x86_64, planetlab, debian,"
                            + " none, none, unset and lxc.")
                    .build());
}
