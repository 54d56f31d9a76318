-- The monitor's escalation of nodes that stay down (package monitor). One row per step taken for
-- one down interval of one node: a step is never taken twice for the same outage. A row stays open
-- until the node is back. The mail a step causes is written in the same transaction (an outbox)
-- and delivered afterwards; mail not yet sent when the node returns is cancelled.

CREATE TABLE monitor_escalations (
    escalation_id BIGINT PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    site_id BIGINT NOT NULL REFERENCES sites (site_id),
    interval_id BIGINT NOT NULL,
    step VARCHAR(20) NOT NULL,
    down_since BIGINT NOT NULL,
    raised_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE UNIQUE INDEX monitor_escalations_step ON monitor_escalations (interval_id, step);
CREATE INDEX monitor_escalations_open ON monitor_escalations (ended_at, site_id);
CREATE INDEX monitor_escalations_node ON monitor_escalations (node_id, raised_at);

CREATE TABLE escalation_mail (
    mail_id BIGINT PRIMARY KEY,
    escalation_id BIGINT NOT NULL REFERENCES monitor_escalations (escalation_id),
    recipients TEXT NOT NULL,
    subject VARCHAR(254) NOT NULL,
    body TEXT NOT NULL,
    created BIGINT NOT NULL,
    claimed_until BIGINT,
    sent_at BIGINT,
    cancelled_at BIGINT,
    attempts BIGINT NOT NULL,
    last_error VARCHAR(1000)
);
CREATE INDEX escalation_mail_unsent ON escalation_mail (sent_at, cancelled_at);
CREATE INDEX escalation_mail_escalation ON escalation_mail (escalation_id);
