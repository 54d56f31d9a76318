-- Several naming authorities in one PLC (Architecture §4.4): the authorities directly under the
-- root that this PLC names sites, persons and slices for (plc, ple), and each site's authority.
-- PLC's own authority (its slice-authority setting) is the row with is_own, written at start;
-- a site whose naming_authority_id is NULL is under it, as every site was before.

CREATE TABLE naming_authorities (
    naming_authority_id BIGINT PRIMARY KEY,
    hrn VARCHAR(64) NOT NULL,
    name VARCHAR(254) NOT NULL,
    person_id BIGINT REFERENCES persons (person_id),
    is_own BOOLEAN NOT NULL,
    date_created BIGINT NOT NULL
);
CREATE UNIQUE INDEX naming_authorities_hrn ON naming_authorities (hrn);

ALTER TABLE sites ADD COLUMN naming_authority_id BIGINT REFERENCES naming_authorities (naming_authority_id);
