-- Advance reservations (package lease): a lease gives one slice a reservable node alone for the
-- slot [t_from, t_until) in seconds since the epoch. Slots of one node never overlap (the service
-- checks it, writers being serialized); consecutive slots may touch.
INSERT INTO node_types (node_type)
    SELECT 'reservable' WHERE NOT EXISTS (SELECT 1 FROM node_types WHERE node_type = 'reservable');

CREATE TABLE leases (
    lease_id BIGINT PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    slice_id BIGINT NOT NULL REFERENCES slices (slice_id),
    t_from BIGINT NOT NULL,
    t_until BIGINT NOT NULL,
    CHECK (t_until > t_from)
);
CREATE INDEX leases_node ON leases (node_id, t_until);
CREATE INDEX leases_slice ON leases (slice_id);
