package org.planetlab.api.boot;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.node.NodeApi;
import org.planetlab.api.schema.AnyType;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * The management authority's boot server interface (Architecture section 4.8.2): nodes call it
 * with every request signed by their node key, from their registered address.
 */
public final class BootApi {
    private BootApi() {}

    public static final StructType BOOT_FIELDS = StructType.of("BootReport",
            writable("boot_state", StringType.matching(20, "boot", "boot: the installer finished"),
                    "the state the node reached"),
            writable("version", StringType.max(64), "the software version the node runs"));

    /** The run levels a boot manager reports: PLCAPI's, and disabled (the node did nothing, as told). */
    public static final List<String> RUN_LEVELS = List.of("boot", "safeboot", "failboot", "reinstall", "disabled");

    public static final StructType RUN_LEVEL_FIELDS = StructType.of("RunlevelReport",
            writable("run_level", StringType.matching(20, "boot|safeboot|failboot|reinstall|disabled",
                    "one of boot, safeboot, failboot, reinstall, disabled"), "the run level the node reached"),
            writable("message", StringType.max(1000), "what the boot manager did or why it failed"));

    public static final StructType BOOT_EVENT = StructType.of("NodeBoot",
            readOnly("node_boot_id", IntType.ID, "boot history entry identifier"),
            readOnly("node_id", IntType.ID, "the node"),
            readOnly("reported", IntType.TIMESTAMP, "when PLC received the report"),
            readOnly("event", StringType.max(20), "the run level reported, or installed (BootUpdateNode after a reinstall)"),
            readOnly("boot_state", StringType.max(20), "the node's boot state at PLC when it reported"),
            readOnly("source", StringType.max(64), "the address the report came from"),
            readOnly("message", StringType.max(1000), "what the boot manager said"));

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("BootGetNodeDetails").roles(NODE)
                    .returns(AnyType.struct("a struct"), "{node_id, hostname, site_id, boot_state, interfaces, and in safeboot debug_ssh_keys}")
                    .help("Tells a booting node who it is and what to do: reinstall, boot, or stay in safeboot"
                            + " (the seed's debug) for operators to inspect it; a disabled node does nothing. In"
                            + " safeboot it also names who may log into the debug SSH service: the public keys of"
                            + " the site's techs and PIs and of the operators.")
                    .build(),
            MethodSpec.builder("BootUpdateNode").roles(NODE).mutates()
                    .param("node_fields", BOOT_FIELDS, "what the node reports")
                    .returns(org.planetlab.api.method.Arguments.ONE, org.planetlab.api.method.Arguments.ONE_DOC)
                    .help("A node reports its state: after a reinstall it moves itself to boot (only from"
                            + " reinstall); it reports the software version it runs.")
                    .build(),
            MethodSpec.builder("BootIssueCertificate").roles(NODE).mutates()
                    .param("public_key", StringType.nonEmpty(16_384), "the PEM public key the node generated at boot")
                    .returns(StringType.max(1 << 19), "the node's XML certificate, signed by the management authority")
                    .help("Architecture section 4.8.2, boot state: certifies the key pair a booting node generated"
                            + " (binding it to the node id and host name), so that the node manager can certify"
                            + " the services of its slices.")
                    .build(),
            MethodSpec.builder("BootIssueTlsCertificate").roles(NODE).mutates()
                    .param("public_key", StringType.nonEmpty(16_384), "the PEM public key of the node's TLS server")
                    .returns(StringType.max(1 << 16), "an X.509 certificate (PEM) from PLC's TLS certificate authority,"
                            + " naming the node's host name and registered address")
                    .help("Certifies the key of a node's TLS endpoints (its slice creation service, its flow"
                            + " records), so that clients who trust PLC's certificate authority can reach them.")
                    .build(),
            MethodSpec.builder("ReportRunlevel").roles(NODE, ADMIN).mutates()
                    .param("report_fields", RUN_LEVEL_FIELDS.requiring("run_level"), "the run level reached")
                    .optionalParam("node_id_or_hostname", NodeApi.NODE_REF, "the node (operators only; a node reports for itself)")
                    .returns(org.planetlab.api.method.Arguments.ONE, org.planetlab.api.method.Arguments.ONE_DOC)
                    .help("A node's boot manager reports each run level it reaches: boot (the node agent is started),"
                            + " safeboot (only the debug SSH service runs), reinstall (wiping and installing), failboot"
                            + " (it could not do what its boot state says) or disabled. PLC keeps the reports as the"
                            + " node's boot history (GetNodeBootHistory).")
                    .build(),
            MethodSpec.builder("GetNodeBootHistory").roles(ADMIN, PI, TECH)
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .returns(ArrayType.of(BOOT_EVENT), "the node's boot history, newest first")
                    .help("Returns what the node's boot manager reported (ReportRunlevel, BootUpdateNode), with the"
                            + " address each report came from. PIs and techs may read only their sites' nodes'.")
                    .build(),
            MethodSpec.builder("GenerateNodeConfFile").roles(ADMIN, PI, TECH).mutates()
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .optionalParam("regenerate_node_key", BoolType.INSTANCE,
                            "true (the default): give the node a new key first, so that older copies stop working")
                    .returns(StringType.max(1 << 16), "the node's plnode.txt")
                    .help("Returns the node's configuration file, plnode.txt, to be put beside the boot medium. By"
                            + " default the node gets a new key first, as in the original; false keeps the current key"
                            + " (GetNodeConfigFile does the same).")
                    .build(),
            MethodSpec.builder("BootNotifyOwners").roles(NODE).mutates()
                    .param("message_id", StringType.matching(32, "installfinished|failboot|safeboot",
                            "one of installfinished, failboot, safeboot"), "which notice")
                    .param("include_pis", new IntType(0, 1), "1: mail the node's site's PIs")
                    .param("include_techs", new IntType(0, 1), "1: mail the node's site's techs")
                    .param("include_support", new IntType(0, 1), "1: mail PLC's support address")
                    .returns(org.planetlab.api.method.Arguments.ONE, org.planetlab.api.method.Arguments.ONE_DOC)
                    .help("A node's boot manager has PLC mail the people responsible for it what happened at boot: its"
                            + " install finished, it could not boot, it waits in safeboot."
                            + " PLC writes the letter (with the node's last boot report) and sends it once.")
                    .build(),
            MethodSpec.builder("GetBootMedium").roles(ADMIN, PI, TECH)
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .param("action", StringType.matching(20, "node-preview|node-floppy|node-iso|node-usb|generic-iso|generic-usb",
                            "one of the original's actions: node-preview, node-floppy, node-iso, node-usb, generic-iso,"
                            + " generic-usb"), "what to return")
                    .param("filename", StringType.max(1024), "ignored: PLC writes no files on a caller's behalf")
                    .optionalParam("options", ArrayType.of(StringType.max(64)), "ignored: no options are offered")
                    .returns(StringType.max(1 << 16), "the node's plnode.txt")
                    .help("node-preview and node-floppy return the node's plnode.txt with its current key. The"
                            + " medium itself holds nothing node-specific, so PLC builds no images: the image actions"
                            + " are refused with where to get the medium (bin/boot-medium, docs/boot.md). PIs and"
                            + " techs only for their sites' nodes.")
                    .build());
}
