package org.planetlab.api.boot;

import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.AnyType;
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

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("BootGetNodeDetails").roles(NODE)
                    .returns(AnyType.struct("a struct"), "{node_id, hostname, site_id, boot_state, interfaces}")
                    .help("Tells a booting node who it is and what to do: reinstall, boot, or stay in safeboot"
                            + " (the seed's debug) for operators to inspect it; a disabled node does nothing.")
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
                    .build());
}
