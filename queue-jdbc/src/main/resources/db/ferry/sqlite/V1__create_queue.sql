-- Ferry's durable queue, SQLite 3.37 and later (STRICT tables).
-- The migrator replaces the table_prefix placeholder with the store's table prefix (default ferry_).
-- STRICT: a column holds values of its own type only. SQLite does not limit the length of TEXT;
-- the store checks every value against the lengths the other databases declare before it writes.
-- Timestamps are UTC instants as text of fixed width ('2026-03-08 02:30:00.123456'), written from
-- the store's own clock, never the database's: they sort and compare as the instants do, and
-- SQLite's date functions read them. A CHECK refuses any other form (a driver binding a
-- java.sql.Timestamp writes a number), as a timestamp column elsewhere refuses what is no time.
-- AUTOINCREMENT: an id is never handed out twice, even after the newest rows were pruned, so that
-- id order stays queue order.

CREATE TABLE ${table_prefix}operations (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  account         TEXT    NOT NULL,
  kind            TEXT    NOT NULL,
  folder          TEXT    NOT NULL,
  uid_validity    INTEGER NOT NULL,
  uid             INTEGER NOT NULL,
  message_id      TEXT,
  destination     TEXT,
  message_key     TEXT,
  status          TEXT    NOT NULL,
  attempts        INTEGER DEFAULT 0 NOT NULL,
  created_at      TEXT    NOT NULL
                  CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]'),
  last_attempt_at TEXT
                  CHECK (last_attempt_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]'),
  next_attempt_at TEXT    NOT NULL
                  CHECK (next_attempt_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]'),
  last_error      TEXT,
  lease_token     TEXT,
  checkpoint      TEXT,
  finished_at     TEXT
                  CHECK (finished_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]')
) STRICT;

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
  account          TEXT NOT NULL PRIMARY KEY,
  lease_owner      TEXT,
  lease_token      TEXT,
  lease_expires_at TEXT CHECK (lease_expires_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]'),
  paused_until     TEXT CHECK (paused_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]'),
  pause_reason     TEXT
) STRICT;
