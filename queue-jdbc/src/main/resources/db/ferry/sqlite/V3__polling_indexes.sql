-- Polling and claims that stay cheap on a large queue (docs/databases.md, "Polling a large queue").

-- live is 1 while an operation is pending or in flight, else NULL: a virtual generated column, as
-- on H2 and MariaDB (ALTER TABLE can add only virtual ones). The index on (live, id) holds the
-- oldest live operations of all accounts in id order, where polling looks first. No other query
-- names live, so no other plan picks this index.
ALTER TABLE ${table_prefix}operations
  ADD COLUMN live INTEGER GENERATED ALWAYS AS (CASE WHEN status IN ('PENDING', 'IN_FLIGHT') THEN 1 END) VIRTUAL;

CREATE INDEX ${table_prefix}operations_live_ix
  ON ${table_prefix}operations (live, id);

-- The claim index in id order, with the due time: claims and polling walk an account's pending
-- operations oldest first and skip those waiting for a retry inside the index. It also serves the
-- listings, which the status index (its prefix) served before.
DROP INDEX ${table_prefix}operations_claim_ix;

DROP INDEX ${table_prefix}operations_status_ix;

CREATE INDEX ${table_prefix}operations_claim_ix
  ON ${table_prefix}operations (account, status, id, next_attempt_at);
