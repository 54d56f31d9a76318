-- The original PLCAPI's type tables. The values the server and the node agent act on are
-- seeded here and cannot be deleted (the services refuse it); an operator may add others,
-- which are listed and, where PLC can act on them, usable.

CREATE TABLE key_types (
    key_type VARCHAR(20) PRIMARY KEY
);
INSERT INTO key_types (key_type) VALUES ('ssh');

CREATE TABLE boot_states (
    boot_state VARCHAR(20) PRIMARY KEY
);
INSERT INTO boot_states (boot_state) VALUES ('boot');
INSERT INTO boot_states (boot_state) VALUES ('safeboot');
INSERT INTO boot_states (boot_state) VALUES ('reinstall');
INSERT INTO boot_states (boot_state) VALUES ('disabled');

CREATE TABLE node_types (
    node_type VARCHAR(20) PRIMARY KEY
);
INSERT INTO node_types (node_type) VALUES ('regular');

CREATE TABLE network_methods (
    method VARCHAR(20) PRIMARY KEY
);
INSERT INTO network_methods (method) VALUES ('static');
INSERT INTO network_methods (method) VALUES ('dhcp');

CREATE TABLE network_types (
    type VARCHAR(20) PRIMARY KEY
);
INSERT INTO network_types (type) VALUES ('ipv4');
INSERT INTO network_types (type) VALUES ('ipv6');

CREATE TABLE slice_instantiations (
    instantiation VARCHAR(100) PRIMARY KEY
);
INSERT INTO slice_instantiations (instantiation) VALUES ('plc-instantiated');
INSERT INTO slice_instantiations (instantiation) VALUES ('delegated');
INSERT INTO slice_instantiations (instantiation) VALUES ('not-instantiated');
INSERT INTO slice_instantiations (instantiation) VALUES ('nm-controller');

-- Address types, and which types each site address has (removed with the address or the type).
CREATE TABLE address_types (
    address_type_id BIGINT PRIMARY KEY,
    name VARCHAR(20) NOT NULL UNIQUE,
    description VARCHAR(254)
);
INSERT INTO address_types (address_type_id, name, description) VALUES (1, 'Personal', NULL);
INSERT INTO address_types (address_type_id, name, description) VALUES (2, 'Shipping', NULL);
INSERT INTO address_types (address_type_id, name, description) VALUES (3, 'Billing', NULL);
INSERT INTO id_counters (name, next_id) VALUES ('address_types', 4);

CREATE TABLE address_address_types (
    address_id BIGINT NOT NULL REFERENCES addresses (address_id) ON DELETE CASCADE,
    address_type_id BIGINT NOT NULL REFERENCES address_types (address_type_id) ON DELETE CASCADE,
    PRIMARY KEY (address_id, address_type_id)
);
CREATE INDEX address_address_types_type ON address_address_types (address_type_id);

-- PCU models and the ports and protocols each answers on; a PCU names its type by its model.
CREATE TABLE pcu_types (
    pcu_type_id BIGINT PRIMARY KEY,
    model VARCHAR(254) NOT NULL UNIQUE,
    name VARCHAR(254)
);

CREATE TABLE pcu_protocol_types (
    pcu_protocol_type_id BIGINT PRIMARY KEY,
    pcu_type_id BIGINT NOT NULL REFERENCES pcu_types (pcu_type_id) ON DELETE CASCADE,
    port BIGINT NOT NULL,
    protocol VARCHAR(254) NOT NULL,
    supported BOOLEAN NOT NULL,
    UNIQUE (pcu_type_id, port)
);
