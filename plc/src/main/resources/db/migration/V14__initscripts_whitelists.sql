-- Init scripts and node whitelists, as the original PLCAPI had them.
--
-- An init script is a named script shared by slices: a slice's initscript attribute names one,
-- and its slivers run it at every start (unless the slice sets its own initscript_code).

CREATE TABLE initscripts (
    initscript_id BIGINT PRIMARY KEY,
    name VARCHAR(254) NOT NULL UNIQUE,
    enabled BOOLEAN NOT NULL,
    script TEXT NOT NULL
);

-- A node with a whitelist accepts only the slices on it (AddSliceToNodes refuses the others,
-- except when the caller is of the node's own site).
CREATE TABLE node_slice_whitelist (
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    slice_id BIGINT NOT NULL REFERENCES slices (slice_id),
    PRIMARY KEY (node_id, slice_id)
);

CREATE INDEX node_slice_whitelist_slice_id_idx ON node_slice_whitelist (slice_id);
