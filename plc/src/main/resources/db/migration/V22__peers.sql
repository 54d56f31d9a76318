-- Peering between PLCs, PLCAPI's way: the PLCs this one peers with, and on the registry's
-- objects the peer an object was pulled from (peer_id) with that peer's own id for it
-- (peer_<object>_id). Local objects have both NULL; foreign ones are read-only here.

CREATE TABLE peers (
    peer_id BIGINT PRIMARY KEY,
    peername VARCHAR(255) NOT NULL,
    shortname VARCHAR(32),
    hrn_root VARCHAR(64),
    peer_url VARCHAR(1024) NOT NULL,
    ca_certificate TEXT NOT NULL,
    public_key TEXT NOT NULL,
    date_created BIGINT NOT NULL,
    last_updated BIGINT NOT NULL,
    last_refreshed BIGINT,
    deleted BOOLEAN NOT NULL
);
CREATE UNIQUE INDEX peers_live_name ON peers (peername) WHERE deleted = FALSE;

ALTER TABLE sites ADD COLUMN peer_id BIGINT REFERENCES peers (peer_id);
ALTER TABLE sites ADD COLUMN peer_site_id BIGINT;
CREATE INDEX sites_peer ON sites (peer_id, peer_site_id);

ALTER TABLE nodes ADD COLUMN peer_id BIGINT REFERENCES peers (peer_id);
ALTER TABLE nodes ADD COLUMN peer_node_id BIGINT;
CREATE INDEX nodes_peer ON nodes (peer_id, peer_node_id);

ALTER TABLE persons ADD COLUMN peer_id BIGINT REFERENCES peers (peer_id);
ALTER TABLE persons ADD COLUMN peer_person_id BIGINT;
CREATE INDEX persons_peer ON persons (peer_id, peer_person_id);

ALTER TABLE person_keys ADD COLUMN peer_id BIGINT REFERENCES peers (peer_id);
ALTER TABLE person_keys ADD COLUMN peer_key_id BIGINT;
CREATE INDEX person_keys_peer ON person_keys (peer_id, peer_key_id);

ALTER TABLE slices ADD COLUMN peer_id BIGINT REFERENCES peers (peer_id);
ALTER TABLE slices ADD COLUMN peer_slice_id BIGINT;
CREATE INDEX slices_peer ON slices (peer_id, peer_slice_id);
