-- A node's boot history (package boot): every run level its boot manager reported (ReportRunlevel)
-- and every report of a finished install (BootUpdateNode), with the state PLC had the node in and
-- the address the report came from. Only the last few hundred of each node are kept.
CREATE TABLE node_boots (
    node_boot_id BIGINT PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    reported BIGINT NOT NULL,
    event VARCHAR(20) NOT NULL,        -- a run level (boot, safeboot, failboot, reinstall, disabled) or installed
    boot_state VARCHAR(20) NOT NULL,   -- the node's boot state at PLC when it reported
    source VARCHAR(64) NOT NULL,       -- the address the report came from
    message VARCHAR(1000) NOT NULL
);
CREATE INDEX node_boots_node ON node_boots (node_id, node_boot_id);
