-- Complaints about a slice's traffic, who changed them, and the mail they cause. The mail is
-- written in the same transaction as the complaint (an outbox), so a complaint is never recorded
-- without its mail nor mailed without being recorded; a sender delivers it afterwards.

CREATE TABLE complaints (
    complaint_id BIGINT PRIMARY KEY,
    slice_id BIGINT NOT NULL REFERENCES slices (slice_id),
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    reporter_name VARCHAR(128) NOT NULL,
    reporter_email VARCHAR(254) NOT NULL,
    reported_by_person_id BIGINT,
    reported_by_node_id BIGINT,
    text TEXT NOT NULL,
    flow TEXT NOT NULL,
    flow_start_ms BIGINT NOT NULL,
    remote_address VARCHAR(64) NOT NULL,
    status VARCHAR(10) NOT NULL,
    note TEXT,
    created BIGINT NOT NULL,
    last_updated BIGINT NOT NULL,
    updated_by_person_id BIGINT
);
CREATE INDEX complaints_slice ON complaints (slice_id);
CREATE INDEX complaints_created ON complaints (created);
CREATE INDEX complaints_reporter ON complaints (reporter_email, created);
CREATE INDEX complaints_node ON complaints (reported_by_node_id, created);

CREATE TABLE complaint_updates (
    complaint_id BIGINT NOT NULL REFERENCES complaints (complaint_id),
    time BIGINT NOT NULL,
    person_id BIGINT NOT NULL,
    status VARCHAR(10) NOT NULL,
    note TEXT
);
CREATE INDEX complaint_updates_complaint ON complaint_updates (complaint_id);

CREATE TABLE complaint_mail (
    mail_id BIGINT PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints (complaint_id),
    recipients TEXT NOT NULL,
    subject VARCHAR(254) NOT NULL,
    body TEXT NOT NULL,
    created BIGINT NOT NULL,
    claimed_until BIGINT,
    sent_at BIGINT,
    attempts BIGINT NOT NULL,
    last_error VARCHAR(1000)
);
CREATE INDEX complaint_mail_unsent ON complaint_mail (sent_at);
CREATE INDEX complaint_mail_complaint ON complaint_mail (complaint_id);
