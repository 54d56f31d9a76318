-- Each naming authority PLC hosts besides its own (ple) has a key pair and a GENI authority
-- certificate (GID, urn:publicid:IDN+ple+authority+sa) signed by PLC's own GENI authority, made
-- in the change that adds the authority (or, for one added while the aggregate was not served,
-- when it next starts). The certificate is kept here; the private key in a file of PLC's trust
-- directory (geni/authorities/<key_file>, mode 0600), written before the row is committed, so a
-- row always has its key and a key without a row is a leftover of a refused change.

CREATE TABLE naming_authority_gids (
    naming_authority_id BIGINT PRIMARY KEY REFERENCES naming_authorities (naming_authority_id),
    gid TEXT NOT NULL,
    key_file VARCHAR(254) NOT NULL,
    date_created BIGINT NOT NULL
);
