-- Rolling a node software release out in waves (package rollout): which release each node is
-- offered, the health each node reports of its release, and the mail that tells operators of a
-- paused rollout (an outbox, delivered once by plc.mail.MailOutbox).

CREATE TABLE rollouts (
    rollout_id BIGINT PRIMARY KEY,
    release_number BIGINT NOT NULL,      -- the release rolled out
    from_release BIGINT NOT NULL,        -- what nodes were offered before it (0: nothing)
    state VARCHAR(20) NOT NULL,          -- running, paused, completed, rolled_back
    wave INTEGER NOT NULL,               -- the highest open wave, from 0
    wave_count INTEGER NOT NULL,
    wave_opened BIGINT NOT NULL,         -- when the open wave opened or was last resumed
    gate_seconds BIGINT NOT NULL,        -- how long a wave may take to pass its gates
    rollback_release BIGINT,             -- the release that took every node back, once rolled back
    reason VARCHAR(1000) NOT NULL,       -- why it is in its state (a failed gate, an operator)
    created BIGINT NOT NULL,
    created_by BIGINT,
    updated BIGINT NOT NULL
);

CREATE TABLE rollout_nodes (
    rollout_id BIGINT NOT NULL REFERENCES rollouts (rollout_id),
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    wave INTEGER NOT NULL,
    PRIMARY KEY (rollout_id, node_id)
);

-- The last release report of each node (ReportNodeRelease): what it runs and whether it is healthy.
CREATE TABLE node_releases (
    node_id BIGINT PRIMARY KEY REFERENCES nodes (node_id),
    release_number BIGINT NOT NULL,
    healthy BOOLEAN NOT NULL,
    slivers_converged BOOLEAN NOT NULL,
    reported BIGINT NOT NULL,
    message VARCHAR(1000) NOT NULL
);

-- Every release a node tried and gave up (its agent failed the health check and the node went back).
CREATE TABLE node_release_failures (
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    release_number BIGINT NOT NULL,
    reported BIGINT NOT NULL,
    message VARCHAR(1000) NOT NULL,
    PRIMARY KEY (node_id, release_number, reported)
);

CREATE TABLE rollout_mail (
    mail_id BIGINT PRIMARY KEY,
    rollout_id BIGINT NOT NULL REFERENCES rollouts (rollout_id),
    recipients TEXT NOT NULL,
    subject VARCHAR(254) NOT NULL,
    body TEXT NOT NULL,
    created BIGINT NOT NULL,
    claimed_until BIGINT,
    sent_at BIGINT,
    attempts BIGINT NOT NULL,
    last_error VARCHAR(1000)
);
CREATE INDEX rollout_mail_unsent ON rollout_mail (sent_at);
