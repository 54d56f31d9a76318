-- Crashes of a node's agent that its boot manager reported (ReportNodeRelease with
-- agent_exit_status): the agent exited by itself and the boot manager started it again. The
-- rollout gates read them (package rollout): a node whose agent crashed since its wave opened
-- fails the gate even when the restarted agent's heartbeats look healthy. The last few of each
-- node are kept.
CREATE TABLE node_agent_crashes (
    crash_id BIGINT PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    release_number BIGINT NOT NULL,    -- the release the crashed agent ran
    exit_status INTEGER NOT NULL,
    reported BIGINT NOT NULL,
    message VARCHAR(1000) NOT NULL
);
CREATE INDEX node_agent_crashes_node ON node_agent_crashes (node_id, reported);
