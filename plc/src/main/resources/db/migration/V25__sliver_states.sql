-- Sliver states (package sliver.state): what each node last reported of its slivers, so that a
-- slice's users see on which nodes it runs, is being built, or failed and why.

-- Each node's last accepted report: a resend of it is answered as a duplicate, an older one refused.
CREATE TABLE sliver_state_reporters (
    node_id BIGINT PRIMARY KEY,
    agent_started BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    received BIGINT NOT NULL
);

-- One row per sliver of the node's last report; a report replaces all of its node's rows.
CREATE TABLE sliver_states (
    node_id BIGINT NOT NULL,
    slice_id BIGINT NOT NULL,
    state VARCHAR(10) NOT NULL,
    reason VARCHAR(2000) NOT NULL,
    since BIGINT NOT NULL,
    PRIMARY KEY (node_id, slice_id)
);
CREATE INDEX sliver_states_slice ON sliver_states (slice_id);
