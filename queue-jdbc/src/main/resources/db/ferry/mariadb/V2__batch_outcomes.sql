-- Ferry 0.2: outcomes recorded per batch, durable new locations, forwarding and the finished feed.
-- Upgrades a populated queue: every new column is nullable or has a default. One ALTER per table,
-- so InnoDB rebuilds each table once.

ALTER TABLE ${table_prefix}operations
  ADD COLUMN moved_folder VARCHAR(1000),
  ADD COLUMN moved_uid_validity BIGINT,
  ADD COLUMN moved_uid BIGINT,
  ADD COLUMN failure_reason VARCHAR(32),
  ADD COLUMN finish_seq BIGINT,
  -- finishedSince. Forwarding uses operations_message_ix, which covers every status here.
  ADD INDEX ${table_prefix}operations_feed_ix (account, finish_seq);

ALTER TABLE ${table_prefix}accounts ADD COLUMN finish_seq BIGINT NOT NULL DEFAULT 0;
