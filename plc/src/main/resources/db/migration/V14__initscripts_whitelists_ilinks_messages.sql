-- Init scripts, node whitelists, interface links and message templates, as the original PLCAPI had them.
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

-- Links between two interfaces (of the same or different nodes), typed by a tag type and with an
-- optional value; at most one link of a type between the same two interfaces.
CREATE TABLE ilinks (
    ilink_id BIGINT PRIMARY KEY,
    tag_type_id BIGINT NOT NULL REFERENCES tag_types (tag_type_id),
    src_interface_id BIGINT NOT NULL REFERENCES interfaces (interface_id),
    dst_interface_id BIGINT NOT NULL REFERENCES interfaces (interface_id),
    value TEXT,
    UNIQUE (tag_type_id, src_interface_id, dst_interface_id)
);

CREATE INDEX ilinks_dst_interface_id_idx ON ilinks (dst_interface_id);

-- Message templates, named by message_id. PLC's own mails keep their built-in texts; the
-- templates are kept and served for the tools that read them. message_number only orders rows.
CREATE TABLE messages (
    message_number BIGINT PRIMARY KEY,
    message_id VARCHAR(254) NOT NULL UNIQUE,
    subject TEXT,
    template TEXT,
    enabled BOOLEAN NOT NULL
);
