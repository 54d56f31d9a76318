-- The GENI aggregate manager's own records. Its slivers are ordinary slices' slivers (slice_nodes);
-- these tables keep what the AM API adds: each sliver's URN, its allocation state and, while it is
-- only allocated, when the allocation lapses and the attributes its request asked for (set on the
-- node when it is provisioned); and which PLC person stands for which GENI user.
CREATE TABLE am_slivers (
    sliver_urn VARCHAR(255) PRIMARY KEY,
    slice_id BIGINT NOT NULL REFERENCES slices (slice_id),
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    client_id VARCHAR(255),
    allocation_state VARCHAR(32) NOT NULL,
    allocation_expires BIGINT NOT NULL,
    attributes TEXT NOT NULL,
    created BIGINT NOT NULL
);
CREATE INDEX am_slivers_slice ON am_slivers (slice_id);
CREATE UNIQUE INDEX am_slivers_slice_node ON am_slivers (slice_id, node_id);

CREATE TABLE am_users (
    user_urn VARCHAR(255) PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons (person_id)
);

-- The keys the AM gave a person from geni_users, so that a key given again is not added twice.
CREATE TABLE am_user_keys (
    person_id BIGINT NOT NULL REFERENCES persons (person_id),
    key_text TEXT NOT NULL,
    key_id BIGINT NOT NULL
);
CREATE INDEX am_user_keys_person ON am_user_keys (person_id);
