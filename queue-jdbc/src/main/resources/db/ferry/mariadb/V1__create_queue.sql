-- Ferry's durable queue, MariaDB 10.6 and later (SKIP LOCKED, RETURNING).
-- Flyway replaces the table_prefix placeholder with the store's table prefix (default ferry_).
-- Timestamps are UTC instants in DATETIME(6) columns, written from the store's own clock, never
-- the database's (TIMESTAMP would convert through the session time zone and ends in 2038).
-- utf8mb4_nopad_bin: folder names, Message-IDs and keys compare exactly, case and trailing
-- spaces included, and hold any Unicode character (emoji too).

CREATE TABLE ${table_prefix}operations (
  id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account         VARCHAR(255)  NOT NULL,
  kind            VARCHAR(32)   NOT NULL,
  folder          VARCHAR(1000) NOT NULL,
  uid_validity    BIGINT        NOT NULL,
  uid             BIGINT        NOT NULL,
  message_id      VARCHAR(1000),
  destination     VARCHAR(1000),
  message_key     VARCHAR(255),
  status          VARCHAR(16)   NOT NULL,
  attempts        INT           NOT NULL DEFAULT 0,
  created_at      DATETIME(6)   NOT NULL,
  last_attempt_at DATETIME(6),
  next_attempt_at DATETIME(6)   NOT NULL,
  last_error      VARCHAR(2000),
  lease_token     VARCHAR(64),
  checkpoint      MEDIUMTEXT,
  finished_at     DATETIME(6),
  -- Claim: an account's due operations by status and due time.
  INDEX ${table_prefix}operations_claim_ix (account, status, next_attempt_at, id),
  -- Listings by status in id order (pending, failed).
  INDEX ${table_prefix}operations_status_ix (account, status, id),
  -- "Waiting behind" and remap; a prefix of folder keeps the key under InnoDB's 3072 bytes.
  INDEX ${table_prefix}operations_message_ix (account, folder(255), uid_validity, uid),
  -- pruneFinished.
  INDEX ${table_prefix}operations_finished_ix (status, finished_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;

-- One row per account that was ever claimed: its lease and its pause.
CREATE TABLE ${table_prefix}accounts (
  account          VARCHAR(255) NOT NULL PRIMARY KEY,
  lease_owner      VARCHAR(255),
  lease_token      VARCHAR(64),
  lease_expires_at DATETIME(6),
  paused_until     DATETIME(6),
  pause_reason     VARCHAR(2000)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
