package org.planetlab.api.release;

import static org.planetlab.api.method.Role.ADMIN;
import static org.planetlab.api.method.Role.NODE;
import static org.planetlab.api.schema.Field.readOnly;
import static org.planetlab.api.schema.Field.writable;

import java.util.List;
import org.planetlab.api.method.MethodSpec;
import org.planetlab.api.schema.ArrayType;
import org.planetlab.api.schema.BoolType;
import org.planetlab.api.schema.IntType;
import org.planetlab.api.schema.StringType;
import org.planetlab.api.schema.StructType;

/**
 * Rolling a release out in waves with health gates (the 2003 incidents' lesson: an update that
 * reaches every node at once can break every node at once). See docs/updates.md.
 */
public final class RolloutApi {
    private RolloutApi() {}

    /** One wave: {@code group:NAME}, {@code nodes:HOST,HOST}, {@code N%} of all nodes, or {@code rest}. */
    public static final StringType WAVE = StringType.matching(2000,
            "(group:[A-Za-z0-9._-]{1,50}|nodes:[A-Za-z0-9.,_-]{1,1990}|[0-9]{1,3}%|rest)",
            "group:NAME, nodes:HOST,HOST,..., N% or rest");

    public static final StructType WAVE_STATUS = StructType.of("RolloutWave",
            readOnly("wave", IntType.NON_NEGATIVE, "its position, from 0"),
            readOnly("node_ids", ArrayType.of(IntType.ID), "its nodes"),
            readOnly("open", BoolType.INSTANCE, "whether its nodes are offered the release"),
            readOnly("passed", ArrayType.of(IntType.ID), "its nodes that report the release, healthy and converged"));

    public static final StructType ROLLOUT = StructType.of("Rollout",
            readOnly("rollout_id", IntType.ID, "the rollout"),
            readOnly("release_number", IntType.ID, "the release rolled out"),
            readOnly("from_release", IntType.NON_NEGATIVE, "what the nodes ran before"),
            readOnly("state", StringType.max(20), "running, paused, completed or rolled_back"),
            readOnly("wave", IntType.NON_NEGATIVE, "the highest open wave"),
            readOnly("gate_seconds", IntType.NON_NEGATIVE, "how long a wave may take to pass its gates"),
            readOnly("wave_deadline", IntType.TIMESTAMP, "when the open wave's gates fail if not passed"),
            readOnly("rollback_release", IntType.ID, "the release that took every node back"),
            readOnly("reason", StringType.max(1000), "why it is in its state"),
            readOnly("created", IntType.TIMESTAMP, "when it started"),
            readOnly("waves", ArrayType.of(WAVE_STATUS), "its waves"));

    public static final StructType NODE_REPORT = StructType.of("NodeReleaseReport",
            writable("release_number", IntType.NON_NEGATIVE, "the release the node's agent runs"),
            writable("healthy", BoolType.INSTANCE, "whether the agent passed its health check"),
            writable("slivers_converged", BoolType.INSTANCE, "whether the agent's slivers are what PLC asked for"),
            writable("failed_release", IntType.ID, "a release the node installed, whose agent failed its health check, and left"),
            writable("agent_exit_status", IntType.NON_NEGATIVE, "the status of the agent of release_number that exited by"
                    + " itself (a crash) since the last report; the boot manager started it again"),
            writable("message", StringType.max(1000), "what the node says, for the operators"))
            .requiring("release_number", "healthy");

    public static final List<MethodSpec> METHODS = List.of(
            MethodSpec.builder("StartRollout").roles(ADMIN).mutates()
                    .param("release_number", IntType.ID, "the published release to roll out")
                    .param("waves", ArrayType.of(WAVE), "the waves in order, e.g. [\"group:canary\", \"50%\", \"rest\"];"
                            + " nodes left over form a last wave")
                    .optionalParam("gate_seconds", IntType.ID, "how long each wave may take to pass its gates (default 1800)")
                    .returns(IntType.ID, "the rollout's id")
                    .help("Rolls a release out in waves: only the nodes of open waves are offered it (GetNodeRelease),"
                            + " the others keep the release they run. A wave passes when each of its nodes reports the"
                            + " release, a healthy agent and converged slivers, and none reported a failure, a failed"
                            + " boot or a crash (an agent that exited by itself, a boot PLC did not ask for); then the"
                            + " next wave opens. A failed gate, or a wave not passed by its deadline,"
                            + " pauses the rollout and mails the operators. One rollout runs at a time.")
                    .build(),
            MethodSpec.builder("GetRollouts").roles(ADMIN)
                    .returns(ArrayType.of(ROLLOUT), "every rollout, newest first")
                    .help("Shows the rollouts: state, waves, which nodes passed, why a rollout paused.")
                    .build(),
            MethodSpec.builder("PauseRollout").roles(ADMIN).mutates()
                    .returns(IntType.ID, "the paused rollout's id")
                    .help("Pauses the running rollout: no further wave opens; nodes of open waves keep the release.")
                    .build(),
            MethodSpec.builder("ResumeRollout").roles(ADMIN).mutates()
                    .returns(IntType.ID, "the resumed rollout's id")
                    .help("Resumes a paused rollout: its open wave's gates are checked again, with a new deadline and"
                            + " only failures reported from now on.")
                    .build(),
            MethodSpec.builder("ReportNodeRelease").roles(NODE).mutates()
                    .param("report", NODE_REPORT, "what the node runs and how it is")
                    .returns(IntType.ID, "1")
                    .help("A node's boot manager reports the release its agent runs and its health, and a release whose"
                            + " agent failed its health check and that it rolled back by itself.")
                    .build());
}
