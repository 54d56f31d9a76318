-- Per-sliver usage reported by nodes (package usage).

-- Each node's last accepted report: a resend of it is answered as a duplicate, an older one refused.
CREATE TABLE usage_reporters (
    node_id BIGINT PRIMARY KEY,
    agent_started BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    received BIGINT NOT NULL
);

-- The counters each sliver last reported, from which the next report's increase is computed.
CREATE TABLE usage_counters (
    node_id BIGINT NOT NULL,
    slice_id BIGINT NOT NULL,
    sampled_at BIGINT NOT NULL,
    cpu_ns BIGINT NOT NULL,
    bytes_sent BIGINT NOT NULL,
    packets_sent BIGINT NOT NULL,
    bytes_received BIGINT NOT NULL,
    packets_received BIGINT NOT NULL,
    PRIMARY KEY (node_id, slice_id)
);

-- Fine samples: one row per sliver and report, at PLC's clock; increases since the previous
-- report, sizes as they were. Kept usage.fine-retention-days, then rolled up into usage_hours.
CREATE TABLE usage_samples (
    node_id BIGINT NOT NULL,
    slice_id BIGINT NOT NULL,
    sampled_at BIGINT NOT NULL,
    cpu_ns BIGINT NOT NULL,
    memory_bytes BIGINT NOT NULL,
    disk_bytes BIGINT NOT NULL,
    processes BIGINT NOT NULL,
    bytes_sent BIGINT NOT NULL,
    packets_sent BIGINT NOT NULL,
    bytes_received BIGINT NOT NULL,
    packets_received BIGINT NOT NULL,
    bandwidth_bps BIGINT NOT NULL
);
CREATE INDEX usage_samples_slice ON usage_samples (slice_id, sampled_at);
CREATE INDEX usage_samples_node ON usage_samples (node_id, sampled_at);
CREATE INDEX usage_samples_time ON usage_samples (sampled_at);

-- Coarse samples: one row per sliver and hour (sums of increases, peaks of sizes and rates),
-- kept usage.coarse-retention-days.
CREATE TABLE usage_hours (
    node_id BIGINT NOT NULL,
    slice_id BIGINT NOT NULL,
    hour_start BIGINT NOT NULL,
    cpu_ns BIGINT NOT NULL,
    memory_bytes BIGINT NOT NULL,
    disk_bytes BIGINT NOT NULL,
    processes BIGINT NOT NULL,
    bytes_sent BIGINT NOT NULL,
    packets_sent BIGINT NOT NULL,
    bytes_received BIGINT NOT NULL,
    packets_received BIGINT NOT NULL,
    bandwidth_bps BIGINT NOT NULL,
    PRIMARY KEY (node_id, slice_id, hour_start)
);
CREATE INDEX usage_hours_slice ON usage_hours (slice_id, hour_start);
CREATE INDEX usage_hours_time ON usage_hours (hour_start);
