-- Ferry 0.2: outcomes recorded per batch, durable new locations, forwarding and the finished feed.
-- Upgrades a populated queue: every new column is nullable or has a default.

ALTER TABLE ${table_prefix}operations ADD COLUMN moved_folder TEXT;
ALTER TABLE ${table_prefix}operations ADD COLUMN moved_uid_validity INTEGER;
ALTER TABLE ${table_prefix}operations ADD COLUMN moved_uid INTEGER;
ALTER TABLE ${table_prefix}operations ADD COLUMN failure_reason TEXT;
ALTER TABLE ${table_prefix}operations ADD COLUMN finish_seq INTEGER;

ALTER TABLE ${table_prefix}accounts ADD COLUMN finish_seq INTEGER DEFAULT 0 NOT NULL;

-- finishedSince. Forwarding uses operations_message_ix, which covers every status here.
CREATE INDEX ${table_prefix}operations_feed_ix
  ON ${table_prefix}operations (account, finish_seq);
