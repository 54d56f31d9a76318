-- A node's boot history (package boot): every run level its boot manager reported (ReportRunlevel)
-- and every report of a finished install (BootUpdateNode), with the state PLC had the node in and
-- the address the report came from. Only the last few hundred of each node are kept.
CREATE TABLE node_boots (
    node_boot_id BIGINT PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    reported BIGINT NOT NULL,
    event VARCHAR(20) NOT NULL,        -- a run level (boot, safeboot, failboot, reinstall, disabled) or installed
    boot_state VARCHAR(20) NOT NULL,   -- the node's boot state at PLC when it reported
    source VARCHAR(64) NOT NULL,       -- the address the report came from
    message VARCHAR(1000) NOT NULL
);
CREATE INDEX node_boots_node ON node_boots (node_id, node_boot_id);

-- The outbox of BootNotifyOwners: mail a node's boot manager asked PLC to send to the node's
-- site (package boot), written in the call's transaction and delivered by plc.mail.MailOutbox.
CREATE TABLE boot_mail (
    mail_id BIGINT PRIMARY KEY,
    node_id BIGINT NOT NULL REFERENCES nodes (node_id),
    recipients TEXT NOT NULL,
    subject VARCHAR(254) NOT NULL,
    body TEXT NOT NULL,
    created BIGINT NOT NULL,
    claimed_until BIGINT,
    sent_at BIGINT,
    attempts BIGINT NOT NULL,
    last_error VARCHAR(1000)
);
CREATE INDEX boot_mail_unsent ON boot_mail (sent_at);
CREATE INDEX boot_mail_node ON boot_mail (node_id);
