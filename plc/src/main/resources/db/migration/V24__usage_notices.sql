-- Usage-threshold notices (package usage): a sliver past its day's threshold of bytes or CPU
-- time tells its slice's users and its site's PIs, once per sliver, UTC day and metric (the
-- unique key makes a second notice for the same day impossible, also with several servers).

CREATE TABLE usage_notices (
    notice_id BIGINT PRIMARY KEY,
    slice_id BIGINT NOT NULL REFERENCES slices (slice_id),
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    day_start BIGINT NOT NULL,
    metric VARCHAR(20) NOT NULL,
    amount BIGINT NOT NULL,
    threshold BIGINT NOT NULL,
    created BIGINT NOT NULL,
    UNIQUE (slice_id, node_id, day_start, metric)
);
CREATE INDEX usage_notices_day ON usage_notices (day_start);

-- Their mail, written in the notice's own transaction (an outbox) and delivered afterwards, once.
CREATE TABLE usage_mail (
    mail_id BIGINT PRIMARY KEY,
    notice_id BIGINT NOT NULL REFERENCES usage_notices (notice_id),
    recipients TEXT NOT NULL,
    subject VARCHAR(254) NOT NULL,
    body TEXT NOT NULL,
    created BIGINT NOT NULL,
    claimed_until BIGINT,
    sent_at BIGINT,
    attempts BIGINT NOT NULL,
    last_error VARCHAR(1000)
);
CREATE INDEX usage_mail_unsent ON usage_mail (sent_at);
CREATE INDEX usage_mail_notice ON usage_mail (notice_id);
