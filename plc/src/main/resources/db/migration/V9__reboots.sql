-- Every reboot PLC was asked for (package reboot): by ping of death or by a power control unit,
-- who asked, and what came of it. A row is written before the node is touched, then completed.
CREATE TABLE reboots (
    reboot_id BIGINT PRIMARY KEY,      -- also the ping of death's sequence number
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    method VARCHAR(16) NOT NULL,       -- pod, pcu, or pcu-check (a test run that changes nothing)
    pcu_id BIGINT,                     -- no reference: the record outlives a deleted PCU
    requested_by VARCHAR(64) NOT NULL, -- e.g. "person 12"
    person_id BIGINT,
    requested BIGINT NOT NULL,
    finished BIGINT,
    outcome VARCHAR(16) NOT NULL,      -- sending, requested, sent, done, failed
    detail VARCHAR(1000) NOT NULL
);
CREATE INDEX reboots_node ON reboots (node_id, requested);

-- The console output a node uploads after each boot: the tail of the boot before (package reboot).
-- Only the last few of each node are kept.
CREATE TABLE node_consoles (
    console_id BIGINT PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    boot_started BIGINT NOT NULL,
    uploaded BIGINT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX node_consoles_node ON node_consoles (node_id, console_id);
