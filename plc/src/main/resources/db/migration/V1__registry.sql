-- The PLC registry. One migration set for SQLite (the embedded store) and PostgreSQL:
-- standard types only, identifiers allocated by the server from id_counters, timestamps as
-- seconds since the epoch (as PLCAPI exposes them), soft deletion where records are kept for audit.

CREATE TABLE id_counters (
    name VARCHAR(64) PRIMARY KEY,
    next_id BIGINT NOT NULL
);

CREATE TABLE roles (
    role_id BIGINT PRIMARY KEY,
    name VARCHAR(100) NOT NULL UNIQUE
);
INSERT INTO roles (role_id, name) VALUES (10, 'admin');
INSERT INTO roles (role_id, name) VALUES (20, 'pi');
INSERT INTO roles (role_id, name) VALUES (30, 'user');
INSERT INTO roles (role_id, name) VALUES (40, 'tech');
INSERT INTO roles (role_id, name) VALUES (50, 'node');

CREATE TABLE sites (
    site_id BIGINT PRIMARY KEY,
    login_base VARCHAR(20) NOT NULL,
    name VARCHAR(254) NOT NULL,
    abbreviated_name VARCHAR(50) NOT NULL,
    url VARCHAR(254),
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    max_slices BIGINT NOT NULL,
    max_slivers BIGINT NOT NULL,
    is_public BOOLEAN NOT NULL,
    enabled BOOLEAN NOT NULL,
    date_created BIGINT NOT NULL,
    last_updated BIGINT NOT NULL,
    deleted BOOLEAN NOT NULL
);
CREATE UNIQUE INDEX sites_live_login_base ON sites (login_base) WHERE deleted = FALSE;

CREATE TABLE site_subnets (
    site_id BIGINT NOT NULL REFERENCES sites (site_id),
    position BIGINT NOT NULL,
    cidr VARCHAR(64) NOT NULL,
    PRIMARY KEY (site_id, position)
);

CREATE TABLE addresses (
    address_id BIGINT PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites (site_id),
    line1 VARCHAR(254) NOT NULL,
    line2 VARCHAR(254),
    line3 VARCHAR(254),
    city VARCHAR(254) NOT NULL,
    state VARCHAR(254) NOT NULL,
    postalcode VARCHAR(64) NOT NULL,
    country VARCHAR(128) NOT NULL,
    last_updated BIGINT NOT NULL
);
CREATE INDEX addresses_site ON addresses (site_id);

CREATE TABLE persons (
    person_id BIGINT PRIMARY KEY,
    email VARCHAR(254) NOT NULL,
    email_key VARCHAR(254) NOT NULL,
    first_name VARCHAR(128) NOT NULL,
    last_name VARCHAR(128) NOT NULL,
    title VARCHAR(128),
    phone VARCHAR(64),
    url VARCHAR(254),
    bio VARCHAR(254),
    address VARCHAR(1024),
    password_hash VARCHAR(255),
    enabled BOOLEAN NOT NULL,
    date_created BIGINT NOT NULL,
    last_updated BIGINT NOT NULL,
    deleted BOOLEAN NOT NULL
);
CREATE UNIQUE INDEX persons_live_email ON persons (email_key) WHERE deleted = FALSE;

CREATE TABLE person_roles (
    person_id BIGINT NOT NULL REFERENCES persons (person_id),
    role_id BIGINT NOT NULL REFERENCES roles (role_id),
    PRIMARY KEY (person_id, role_id)
);

CREATE TABLE person_sites (
    person_id BIGINT NOT NULL REFERENCES persons (person_id),
    site_id BIGINT NOT NULL REFERENCES sites (site_id),
    is_primary BOOLEAN NOT NULL,
    PRIMARY KEY (person_id, site_id)
);
CREATE INDEX person_sites_site ON person_sites (site_id);

CREATE TABLE person_keys (
    key_id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons (person_id),
    key_type VARCHAR(20) NOT NULL,
    key_text TEXT NOT NULL,
    fingerprint VARCHAR(128) NOT NULL
);
CREATE INDEX person_keys_person ON person_keys (person_id);
CREATE INDEX person_keys_fingerprint ON person_keys (fingerprint);

CREATE TABLE key_blacklist (
    fingerprint VARCHAR(128) PRIMARY KEY,
    key_type VARCHAR(20) NOT NULL,
    key_text TEXT NOT NULL,
    blacklisted_at BIGINT NOT NULL,
    blacklisted_by BIGINT
);

CREATE TABLE nodes (
    node_id BIGINT PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites (site_id),
    hostname VARCHAR(255) NOT NULL,
    hostname_key VARCHAR(255) NOT NULL,
    node_type VARCHAR(20) NOT NULL,
    boot_state VARCHAR(20) NOT NULL,
    model VARCHAR(255),
    version VARCHAR(64),
    node_key VARCHAR(256) NOT NULL,
    date_created BIGINT NOT NULL,
    last_updated BIGINT NOT NULL,
    last_contact BIGINT,
    deleted BOOLEAN NOT NULL
);
CREATE UNIQUE INDEX nodes_live_hostname ON nodes (hostname_key) WHERE deleted = FALSE;
CREATE INDEX nodes_site ON nodes (site_id);

CREATE TABLE interfaces (
    interface_id BIGINT PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    method VARCHAR(20) NOT NULL,
    type VARCHAR(20) NOT NULL,
    ip VARCHAR(45),
    mac VARCHAR(17),
    netmask VARCHAR(45),
    network VARCHAR(45),
    broadcast VARCHAR(45),
    gateway VARCHAR(45),
    dns1 VARCHAR(45),
    dns2 VARCHAR(45),
    bwlimit BIGINT,
    hostname VARCHAR(255),
    is_primary BOOLEAN NOT NULL,
    last_updated BIGINT NOT NULL
);
CREATE INDEX interfaces_node ON interfaces (node_id);

CREATE TABLE tag_types (
    tag_type_id BIGINT PRIMARY KEY,
    tagname VARCHAR(100) NOT NULL UNIQUE,
    description VARCHAR(254) NOT NULL,
    category VARCHAR(64) NOT NULL,
    min_role_id BIGINT NOT NULL
);

CREATE TABLE node_tags (
    node_tag_id BIGINT PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    tag_type_id BIGINT NOT NULL REFERENCES tag_types (tag_type_id),
    value TEXT NOT NULL
);
CREATE INDEX node_tags_node ON node_tags (node_id);

CREATE TABLE nodegroups (
    nodegroup_id BIGINT PRIMARY KEY,
    groupname VARCHAR(50) NOT NULL UNIQUE,
    tag_type_id BIGINT NOT NULL REFERENCES tag_types (tag_type_id),
    value TEXT NOT NULL
);

CREATE TABLE pcus (
    pcu_id BIGINT PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites (site_id),
    hostname VARCHAR(255),
    ip VARCHAR(45) NOT NULL,
    protocol VARCHAR(16),
    username VARCHAR(254),
    password VARCHAR(254),
    model VARCHAR(32),
    notes VARCHAR(254),
    last_updated BIGINT NOT NULL
);
CREATE INDEX pcus_site ON pcus (site_id);

CREATE TABLE pcu_nodes (
    pcu_id BIGINT NOT NULL REFERENCES pcus (pcu_id),
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    port BIGINT NOT NULL,
    PRIMARY KEY (pcu_id, node_id),
    UNIQUE (pcu_id, port)
);

CREATE TABLE conf_files (
    conf_file_id BIGINT PRIMARY KEY,
    enabled BOOLEAN NOT NULL,
    source VARCHAR(255) NOT NULL,
    dest VARCHAR(255) NOT NULL,
    file_permissions VARCHAR(20) NOT NULL,
    file_owner VARCHAR(50) NOT NULL,
    file_group VARCHAR(50) NOT NULL,
    preinstall_cmd VARCHAR(1024),
    postinstall_cmd VARCHAR(1024),
    error_cmd VARCHAR(1024),
    ignore_cmd_errors BOOLEAN NOT NULL,
    always_update BOOLEAN NOT NULL
);

CREATE TABLE conf_file_nodes (
    conf_file_id BIGINT NOT NULL REFERENCES conf_files (conf_file_id),
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    PRIMARY KEY (conf_file_id, node_id)
);

CREATE TABLE conf_file_nodegroups (
    conf_file_id BIGINT NOT NULL REFERENCES conf_files (conf_file_id),
    nodegroup_id BIGINT NOT NULL REFERENCES nodegroups (nodegroup_id),
    PRIMARY KEY (conf_file_id, nodegroup_id)
);

CREATE TABLE slices (
    slice_id BIGINT PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites (site_id),
    name VARCHAR(32) NOT NULL,
    hrn VARCHAR(64) NOT NULL,
    instantiation VARCHAR(20) NOT NULL,
    state VARCHAR(10) NOT NULL,
    stopped_by_operator BOOLEAN NOT NULL,
    url VARCHAR(254),
    description VARCHAR(2048),
    max_nodes BIGINT NOT NULL,
    creator_person_id BIGINT,
    created BIGINT NOT NULL,
    expires BIGINT NOT NULL,
    is_deleted BOOLEAN NOT NULL,
    deleted_at BIGINT
);
CREATE UNIQUE INDEX slices_live_name ON slices (name) WHERE is_deleted = FALSE;
CREATE INDEX slices_site ON slices (site_id);

-- Memberships of deleted slices are kept: who was responsible for a slice stays on record.
CREATE TABLE slice_persons (
    slice_id BIGINT NOT NULL REFERENCES slices (slice_id),
    person_id BIGINT NOT NULL REFERENCES persons (person_id),
    PRIMARY KEY (slice_id, person_id)
);
CREATE INDEX slice_persons_person ON slice_persons (person_id);

CREATE TABLE slice_nodes (
    slice_id BIGINT NOT NULL REFERENCES slices (slice_id),
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    PRIMARY KEY (slice_id, node_id)
);
CREATE INDEX slice_nodes_node ON slice_nodes (node_id);

CREATE TABLE slice_tags (
    slice_tag_id BIGINT PRIMARY KEY,
    slice_id BIGINT NOT NULL REFERENCES slices (slice_id),
    tag_type_id BIGINT NOT NULL REFERENCES tag_types (tag_type_id),
    value TEXT NOT NULL,
    node_id BIGINT REFERENCES nodes (node_id),
    nodegroup_id BIGINT REFERENCES nodegroups (nodegroup_id)
);
CREATE INDEX slice_tags_slice ON slice_tags (slice_id);

CREATE TABLE sessions (
    session_hash VARCHAR(64) PRIMARY KEY,
    person_id BIGINT REFERENCES persons (person_id),
    node_id BIGINT REFERENCES nodes (node_id),
    created BIGINT NOT NULL,
    expires BIGINT NOT NULL
);

CREATE TABLE events (
    event_id BIGINT PRIMARY KEY,
    time BIGINT NOT NULL,
    person_id BIGINT,
    node_id BIGINT,
    auth_type VARCHAR(20) NOT NULL,
    fault_code BIGINT NOT NULL,
    call_name VARCHAR(64) NOT NULL,
    call_args TEXT NOT NULL,
    message TEXT NOT NULL,
    runtime DOUBLE PRECISION NOT NULL
);
CREATE INDEX events_time ON events (time);

CREATE TABLE event_objects (
    event_id BIGINT NOT NULL REFERENCES events (event_id),
    position BIGINT NOT NULL,
    object_type VARCHAR(32) NOT NULL,
    object_id BIGINT NOT NULL,
    PRIMARY KEY (event_id, position)
);
CREATE INDEX event_objects_object ON event_objects (object_type, object_id);
