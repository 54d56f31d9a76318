package org.planetlab.api.node;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.PI;
import static org.planetlab.api.method.Role.TECH;

import java.util.List;
import org.planetlab.api.method.Arguments;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.BoolType;

/** Rebooting a node remotely: by a signed ping of death, or by its power control unit. */
public final class RebootApi {
    private RebootApi() {}

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("RebootNode").roles(ADMIN, PI, TECH).mutates()
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Sends the node a ping of death: a UDP datagram authenticated with the node key, naming the"
                            + " node, fresh and never sent before, which the node obeys by rebooting even when its agent"
                            + " is busy. PIs and techs may reboot only their sites' nodes. Every reboot is recorded.")
                    .build(),
            MethodSpec.builder("RebootNodeWithPCU").roles(ADMIN, PI, TECH).mutates()
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .optionalParam("testrun", BoolType.INSTANCE,
                            "true: only log into the PCU and read the node's power state")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("Power cycles the node through the power control unit it is wired to (AddNodeToPCU), with the"
                            + " PCU's protocol (ipmi) and credentials; returns once the PCU reports the node on again."
                            + " PIs and techs may reboot only their sites' nodes. Every reboot is recorded.")
                    .build());
}
