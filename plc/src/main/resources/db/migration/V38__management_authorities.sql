-- Management authorities (Architecture §2.4): the owners of nodes, grouped, each with the
-- persons who answer for its nodes. PLC's own MA is the row with is_own, written at start; a node
-- whose management_authority_id is NULL is under it, as every node was before.
-- authority_policies holds which slice authority's slices may run on which MA's nodes: one row
-- per (slice authority, MA), with the node groups allowed (none listed: any of the MA's nodes)
-- and the most slivers that authority's slices may hold on that MA's nodes (NULL: no limit).
-- A row with policy_file comes from a foreign authority's trusted_roots/<name>.policy and is
-- rewritten from the files whenever the aggregate starts.

CREATE TABLE management_authorities (
    management_authority_id BIGINT PRIMARY KEY,
    hrn VARCHAR(64) NOT NULL,
    name VARCHAR(254) NOT NULL,
    is_own BOOLEAN NOT NULL,
    date_created BIGINT NOT NULL
);
CREATE UNIQUE INDEX management_authorities_hrn ON management_authorities (hrn);

CREATE TABLE management_authority_persons (
    management_authority_id BIGINT NOT NULL REFERENCES management_authorities (management_authority_id),
    person_id BIGINT NOT NULL REFERENCES persons (person_id),
    PRIMARY KEY (management_authority_id, person_id)
);

ALTER TABLE nodes ADD COLUMN management_authority_id BIGINT REFERENCES management_authorities (management_authority_id);

CREATE TABLE authority_policies (
    authority_policy_id BIGINT PRIMARY KEY,
    slice_authority VARCHAR(64) NOT NULL,
    management_authority_id BIGINT NOT NULL REFERENCES management_authorities (management_authority_id),
    max_slivers BIGINT,
    policy_file VARCHAR(255),
    date_created BIGINT NOT NULL
);
CREATE UNIQUE INDEX authority_policies_pair ON authority_policies (slice_authority, management_authority_id);

CREATE TABLE authority_policy_nodegroups (
    authority_policy_id BIGINT NOT NULL REFERENCES authority_policies (authority_policy_id),
    nodegroup_id BIGINT NOT NULL REFERENCES nodegroups (nodegroup_id),
    PRIMARY KEY (authority_policy_id, nodegroup_id)
);
