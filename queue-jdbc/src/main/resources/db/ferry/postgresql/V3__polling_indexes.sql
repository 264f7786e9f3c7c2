-- Polling and claims that stay cheap on a large queue (docs/databases.md, "Polling a large queue").

-- The claim index again, now with the due check's columns: polling and claims walk an account's
-- live operations in id order and skip those waiting for a retry inside the index.
DROP INDEX ${table_prefix}operations_claim_ix;

CREATE INDEX ${table_prefix}operations_claim_ix
  ON ${table_prefix}operations (account, id) INCLUDE (status, next_attempt_at)
  WHERE status IN ('PENDING', 'IN_FLIGHT');

-- Polling looks among the oldest live operations of all accounts first.
CREATE INDEX ${table_prefix}operations_live_ix
  ON ${table_prefix}operations (id)
  WHERE status IN ('PENDING', 'IN_FLIGHT');
