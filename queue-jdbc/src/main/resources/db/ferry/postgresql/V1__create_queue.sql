-- Ferry's durable queue, PostgreSQL 12 and later.
-- Flyway replaces the table_prefix placeholder with the store's table prefix (default ferry_).
-- Timestamps are UTC instants written from the store's own clock, never the database's.

CREATE TABLE ${table_prefix}operations (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account         VARCHAR(255)  NOT NULL,
  kind            VARCHAR(32)   NOT NULL,
  folder          VARCHAR(1000) NOT NULL,
  uid_validity    BIGINT        NOT NULL,
  uid             BIGINT        NOT NULL,
  message_id      VARCHAR(1000),
  destination     VARCHAR(1000),
  message_key     VARCHAR(255),
  status          VARCHAR(16)   NOT NULL,
  attempts        INTEGER       NOT NULL DEFAULT 0,
  created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  last_attempt_at TIMESTAMP(6) WITH TIME ZONE,
  next_attempt_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  last_error      VARCHAR(2000),
  lease_token     VARCHAR(64),
  checkpoint      TEXT,
  finished_at     TIMESTAMP(6) WITH TIME ZONE
);

-- Claim and the pending listing: an account's live operations in id order. Partial, so the
-- finished rows that pile up until pruned never bloat it.
CREATE INDEX ${table_prefix}operations_claim_ix
  ON ${table_prefix}operations (account, id, next_attempt_at)
  WHERE status IN ('PENDING', 'IN_FLIGHT');

-- "Waiting behind" and remap: the operations on one message that are not finished.
CREATE INDEX ${table_prefix}operations_message_ix
  ON ${table_prefix}operations (account, folder, uid_validity, uid, id)
  WHERE status IN ('PENDING', 'IN_FLIGHT', 'FAILED');

-- The failed listing and retryAllFailed.
CREATE INDEX ${table_prefix}operations_failed_ix
  ON ${table_prefix}operations (account, id)
  WHERE status = 'FAILED';

-- pruneFinished.
CREATE INDEX ${table_prefix}operations_finished_ix
  ON ${table_prefix}operations (finished_at, id)
  WHERE status IN ('COMPLETED', 'CANCELLED');

-- One row per account that was ever claimed: its lease and its pause.
CREATE TABLE ${table_prefix}accounts (
  account          VARCHAR(255) NOT NULL PRIMARY KEY,
  lease_owner      VARCHAR(255),
  lease_token      VARCHAR(64),
  lease_expires_at TIMESTAMP(6) WITH TIME ZONE,
  paused_until     TIMESTAMP(6) WITH TIME ZONE,
  pause_reason     VARCHAR(2000)
);
