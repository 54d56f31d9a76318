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
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * Rebooting a node remotely, by a signed ping of death or by its power control unit, and the
 * node's console output kept across reboots.
 */
public final class RebootApi {
    private RebootApi() {}

    /** The longest console tail a node uploads: 64 KiB. */
    public static final int MAX_CONSOLE_CHARACTERS = 65_536;

    public static final StructType CONSOLE = StructType.of("ConsoleLog",
            readOnly("console_id", IntType.ID, "console log identifier"),
            readOnly("node_id", IntType.ID, "the node"),
            writable("boot_started", IntType.TIMESTAMP, "when the boot whose console this is began, by the node's clock"),
            writable("text", StringType.max(MAX_CONSOLE_CHARACTERS), "the last lines of that boot's console output"),
            readOnly("uploaded", IntType.TIMESTAMP, "when PLC received it"));

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
                    .build(),
            MethodSpec.builder("ReportConsoleLog").roles(NODE).mutates()
                    .param("console", CONSOLE.writable().requiring("boot_started", "text"), "the previous boot's console tail")
                    .returns(Arguments.ONE, Arguments.ONE_DOC)
                    .help("A node uploads, after it boots, the end of its console output of the boot before: what"
                            + " it said before it crashed or was rebooted. PLC keeps the last few of each node.")
                    .build(),
            MethodSpec.builder("GetNodeConsoleLogs").roles(ADMIN, PI, TECH)
                    .param("node_id_or_hostname", NodeApi.NODE_REF, "the node")
                    .returns(ArrayType.of(CONSOLE), "the console logs PLC keeps of the node, newest first")
                    .help("Returns the console output a node uploaded after its last boots. PIs and techs may read only"
                            + " their sites' nodes'.")
                    .build());
}
