-- The mail that tells a slice's users of a stop (package stop), written in the stop's own
-- transaction (an outbox) and delivered afterwards, once. One message per stopped slice: a
-- system-wide stop writes one for every live slice, so no user sees another slice's addresses.

CREATE TABLE stop_mail (
    mail_id BIGINT PRIMARY KEY,
    stop_id BIGINT NOT NULL REFERENCES slice_stops (stop_id),
    recipients TEXT NOT NULL,
    subject VARCHAR(254) NOT NULL,
    body TEXT NOT NULL,
    created BIGINT NOT NULL,
    claimed_until BIGINT,
    sent_at BIGINT,
    attempts BIGINT NOT NULL,
    last_error VARCHAR(1000)
);
CREATE INDEX stop_mail_unsent ON stop_mail (sent_at);
CREATE INDEX stop_mail_stop ON stop_mail (stop_id);
