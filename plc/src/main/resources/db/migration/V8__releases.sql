-- Node software releases (package release). The files live under PLC's data directory,
-- releases/<release_number>/<name>; these tables hold what was published and the signed metadata.

CREATE TABLE releases (
    release_number BIGINT PRIMARY KEY,
    label VARCHAR(128) NOT NULL,
    published_at BIGINT NOT NULL,
    published_by BIGINT,
    expires_at BIGINT NOT NULL,
    key_id VARCHAR(80) NOT NULL,
    metadata TEXT NOT NULL -- the release metadata document, signed by the release key
);

CREATE TABLE release_files (
    release_number BIGINT NOT NULL,
    position INTEGER NOT NULL,
    name VARCHAR(128) NOT NULL,
    length BIGINT NOT NULL,
    sha256 VARCHAR(64) NOT NULL,
    PRIMARY KEY (release_number, name)
);
