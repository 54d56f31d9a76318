-- Site hosting agreements (seeds/hosting-requirements.txt): whether a site has signed what a
-- hosting site promises, which version of the text, who signed it for the site, and which
-- operator recorded it. One row per site holds the agreement in force; revoking deletes it.
-- A site's PI creates slices only while its site has one (SliceService).

CREATE TABLE site_agreements (
    site_id BIGINT PRIMARY KEY REFERENCES sites (site_id),
    version VARCHAR(32) NOT NULL,
    signed_by BIGINT REFERENCES persons (person_id),
    signed_at BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES persons (person_id)
);

-- Sites that exist already keep working: they are recorded as having agreed before agreements
-- were recorded, with no signer and no recording operator.
INSERT INTO site_agreements (site_id, version, signed_by, signed_at, recorded_by)
SELECT site_id, 'before-records', NULL, date_created, NULL FROM sites WHERE deleted = FALSE;
