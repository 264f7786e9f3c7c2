-- Ferry's durable queue, H2 2.x.
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
  attempts        INTEGER       DEFAULT 0 NOT NULL,
  created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  last_attempt_at TIMESTAMP(6) WITH TIME ZONE,
  next_attempt_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  last_error      VARCHAR(2000),
  lease_token     VARCHAR(64),
  checkpoint      CHARACTER LARGE OBJECT,
  finished_at     TIMESTAMP(6) WITH TIME ZONE
);

-- Claim: an account's due operations by status and due time.
CREATE INDEX ${table_prefix}operations_claim_ix
  ON ${table_prefix}operations (account, status, next_attempt_at, id);

-- Listings by status in id order (pending, failed).
CREATE INDEX ${table_prefix}operations_status_ix
  ON ${table_prefix}operations (account, status, id);

-- "Waiting behind" and remap: the operations on one message.
CREATE INDEX ${table_prefix}operations_message_ix
  ON ${table_prefix}operations (account, folder, uid_validity, uid);

-- pruneFinished.
CREATE INDEX ${table_prefix}operations_finished_ix
  ON ${table_prefix}operations (status, finished_at);

-- One row per account that was ever claimed: its lease and its pause.
CREATE TABLE ${table_prefix}accounts (
  account          VARCHAR(255) NOT NULL PRIMARY KEY,
  lease_owner      VARCHAR(255),
  lease_token      VARCHAR(64),
  lease_expires_at TIMESTAMP(6) WITH TIME ZONE,
  paused_until     TIMESTAMP(6) WITH TIME ZONE,
  pause_reason     VARCHAR(2000)
);
