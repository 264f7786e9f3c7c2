-- Ferry 0.2: outcomes recorded per batch, durable new locations, forwarding and the finished feed.
-- Upgrades a populated queue: every new column is nullable or has a default, so existing rows keep
-- their meaning (finished rows from before have no relocation and are not in the feed).

-- Where a completed move, trash or restore took the message; moved_uid is null when its new UID
-- is unknown (no UIDPLUS, no Message-ID).
ALTER TABLE ${table_prefix}operations ADD COLUMN moved_folder VARCHAR(1000);
ALTER TABLE ${table_prefix}operations ADD COLUMN moved_uid_validity BIGINT;
ALTER TABLE ${table_prefix}operations ADD COLUMN moved_uid BIGINT;
-- The classified reason of a final failure (a FailureReason name).
ALTER TABLE ${table_prefix}operations ADD COLUMN failure_reason VARCHAR(32);
-- The row's place in its account's feed of finished operations.
ALTER TABLE ${table_prefix}operations ADD COLUMN finish_seq BIGINT;

-- The last feed place handed out per account, advanced under the account's row lock.
ALTER TABLE ${table_prefix}accounts ADD COLUMN finish_seq BIGINT NOT NULL DEFAULT 0;

-- finishedSince: an account's feed in order.
CREATE INDEX ${table_prefix}operations_feed_ix
  ON ${table_prefix}operations (account, finish_seq)
  WHERE finish_seq IS NOT NULL;

-- Forwarding: the completed relocations that left a message slot.
CREATE INDEX ${table_prefix}operations_moved_ix
  ON ${table_prefix}operations (account, folder, uid_validity, uid)
  WHERE status = 'COMPLETED' AND moved_folder IS NOT NULL;
