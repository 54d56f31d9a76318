package org.planetlab.node.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.planetlab.node.boot.PlcConnection;
import org.planetlab.node.config.NodeAgentConfig;
import org.planetlab.trust.key.KeyFiles;
import org.planetlab.trust.key.Pem;
import org.planetlab.trust.node.PlnodeFile;

/** The agent's console log: kept in {@code <state-dir>/console}, the previous run's uploaded to PLC. */
public final class NodeConsole {
    /** Where a run's console starts over (the part before is kept once). */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private NodeConsole() {}

    /** Opens and captures the console; call first, so that everything the agent says is kept. */
    public static ConsoleLog capture(NodeAgentConfig config) {
        ConsoleLog console = ConsoleLog.open(config.stateDirectory().resolve("console"), Clock.systemUTC().instant(),
                MAX_BYTES, org.planetlab.api.node.RebootApi.MAX_CONSOLE_CHARACTERS);
        console.capture();
        return console;
    }

    /** Uploads the previous run's tail when the node has PLC (a {@code plnode-file}) and there is one. */
    public static Optional<ConsoleUploader> uploadPrevious(NodeAgentConfig config, ConsoleLog console) {
        if (console.previous().isEmpty() || !config.services().managed()) {
            return Optional.empty();
        }
        var services = config.services();
        var plc = PlcConnection.signedByNode(services.plcUrl().orElseThrow(),
                Pem.readCertificates(KeyFiles.read(services.plcCaFile().orElseThrow())).getFirst(),
                PlnodeFile.read(services.plnodeFile().orElseThrow()), Clock.systemUTC(), new SecureRandom());
        return Optional.of(ConsoleUploader.start(plc, console.previous().get(), Duration.ofSeconds(30), 120));
    }
}
