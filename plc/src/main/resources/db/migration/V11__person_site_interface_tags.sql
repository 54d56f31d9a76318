-- Tags on persons, sites and interfaces, as PLCAPI had them: at most one value of each tag
-- type per object (as for node tags); the accessors (GetPersonHrn, SetSiteHrn, ...) read and
-- write them.

CREATE TABLE person_tags (
    person_tag_id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons (person_id),
    tag_type_id BIGINT NOT NULL REFERENCES tag_types (tag_type_id),
    value TEXT NOT NULL,
    UNIQUE (person_id, tag_type_id)
);

CREATE TABLE site_tags (
    site_tag_id BIGINT PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES sites (site_id),
    tag_type_id BIGINT NOT NULL REFERENCES tag_types (tag_type_id),
    value TEXT NOT NULL,
    UNIQUE (site_id, tag_type_id)
);

CREATE TABLE interface_tags (
    interface_tag_id BIGINT PRIMARY KEY,
    interface_id BIGINT NOT NULL REFERENCES interfaces (interface_id),
    tag_type_id BIGINT NOT NULL REFERENCES tag_types (tag_type_id),
    value TEXT NOT NULL,
    UNIQUE (interface_id, tag_type_id)
);
