-- Polling and claims that stay cheap on a large queue (docs/databases.md, "Polling a large queue").
-- Indexes are built in place; concurrent reads and writes go on meanwhile.

-- live is 1 while an operation is pending or in flight, else NULL. MariaDB has no partial
-- indexes: the index on (live, id) stands in for one, the oldest live operations of all accounts
-- in id order, where polling looks first. No other query names live, so no other query's plan
-- can pick this index by mistake (one on (status, id) was picked for per-account claims).
ALTER TABLE ${table_prefix}operations
  ADD COLUMN live TINYINT AS (CASE WHEN status IN ('PENDING', 'IN_FLIGHT') THEN 1 END) VIRTUAL,
  ADD INDEX ${table_prefix}operations_live_ix (live, id);

-- The claim index in id order, with the due time: claims and polling walk an account's pending
-- operations oldest first and skip those waiting for a retry inside the index. It also serves the
-- listings, which the status index (its prefix) served before.
ALTER TABLE ${table_prefix}operations
  DROP INDEX ${table_prefix}operations_claim_ix,
  DROP INDEX ${table_prefix}operations_status_ix,
  ADD INDEX ${table_prefix}operations_claim_ix (account, status, id, next_attempt_at);
