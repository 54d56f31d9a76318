package org.planetlab.cli.release;

import org.planetlab.cli.boot.NodeSignedAction;
import org.planetlab.cli.command.CommandGroup;
import org.planetlab.cli.command.Verb;

/**
 * {@code pl release}: node software releases. Operators publish, list, download, roll out in waves
 * (rollout, pause, resume, status), roll back to an earlier release's files and rotate the release key; {@code node-metadata} asks as a node (signed with its plnode.txt) what nodes are
 * told. See docs/updates.md.
 */
public final class ReleaseCommands {
    private ReleaseCommands() {}

    public static CommandGroup group() {
        return CommandGroup.of("release", "Node software releases, signed with PLC's release key.")
                .annotated(ReleasePublishCommand::new)
                .annotated(ReleaseListCommand::new)
                .annotated(ReleaseDownloadCommand::new)
                .verb("rollback", "RollbackRelease")
                .verb("rotate-key", "RotateReleaseKey")
                .verb("rollout", "StartRollout")
                .verb("pause", "PauseRollout")
                .verb("resume", "ResumeRollout")
                .verb("status", "GetRollouts")
                .verb(Verb.of("report", "ReportNodeRelease").extras(NodeSignedAction.PLNODE).action(new NodeSignedAction()))
                .verb(Verb.of("node-metadata", "GetNodeRelease").extras(NodeSignedAction.PLNODE).action(new NodeSignedAction()));
    }
}
