-- Node health and availability (package monitor) and the record of every stop (package stop).

-- The latest heartbeat of each node, written in batches; a node with no row never reported.
CREATE TABLE node_health (
    node_id BIGINT PRIMARY KEY,
    received BIGINT NOT NULL,
    sent_at BIGINT NOT NULL,
    agent_started BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    agent_version VARCHAR(64) NOT NULL,
    boot_state VARCHAR(20) NOT NULL,
    run_level VARCHAR(20) NOT NULL,
    load_average DOUBLE PRECISION NOT NULL,
    memory_total BIGINT NOT NULL,
    memory_free BIGINT NOT NULL,
    disk_total BIGINT NOT NULL,
    disk_free BIGINT NOT NULL,
    slivers BIGINT NOT NULL,
    clock_offset_ms BIGINT NOT NULL,
    errors TEXT NOT NULL -- a JSON array of strings
);

-- Each node's history: consecutive up and down intervals; the open one has no end.
CREATE TABLE node_availability (
    interval_id BIGINT PRIMARY KEY,
    node_id BIGINT NOT NULL,
    site_id BIGINT NOT NULL,
    up BOOLEAN NOT NULL,
    started BIGINT NOT NULL,
    ended BIGINT,
    reason VARCHAR(254) NOT NULL
);
CREATE INDEX node_availability_node ON node_availability (node_id, started);
CREATE INDEX node_availability_site ON node_availability (site_id, started);
CREATE INDEX node_availability_open ON node_availability (ended, up);

-- Every stop: who, why, when, at which level (sliver: one node; slice: everywhere; site: each
-- slice of a site; all: every slice on every node). Sliver and all stops stay in force until
-- lifted; slice and site stops set the slice's own state and are lifted by StartSlice.
CREATE TABLE slice_stops (
    stop_id BIGINT PRIMARY KEY,
    level VARCHAR(10) NOT NULL,
    slice_id BIGINT,
    node_id BIGINT,
    site_id BIGINT,
    person_id BIGINT,
    authority VARCHAR(10) NOT NULL,
    reason VARCHAR(1024) NOT NULL,
    stopped_at BIGINT NOT NULL,
    lifted_at BIGINT,
    lifted_by BIGINT
);
CREATE INDEX slice_stops_slice ON slice_stops (slice_id, stopped_at);
CREATE INDEX slice_stops_active ON slice_stops (level, lifted_at);
