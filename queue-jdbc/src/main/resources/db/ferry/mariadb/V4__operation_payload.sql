-- Ferry 0.2: an open vocabulary of operations. A row keeps its kind, its destination and the
-- kind's own data in payload, whose format the kind defines (a flag change: its delta, for
-- example '+\Seen' or '+$Junk -$NotJunk'; later kinds carry theirs there too).
ALTER TABLE ${table_prefix}operations ADD COLUMN payload MEDIUMTEXT;

-- The four flag kinds of 0.1 become flag changes of one flag, in every status, so that pending
-- rows run, failed ones can be retried and finished ones read back. CHAR(92) is the backslash,
-- spelt so that no sql_mode (NO_BACKSLASH_ESCAPES or not) changes it. SET assigns left to right
-- in MariaDB: payload is computed from the old kind before kind changes.
UPDATE ${table_prefix}operations
  SET payload = CASE kind
        WHEN 'MARK_READ' THEN CONCAT('+', CHAR(92 USING utf8mb4), 'Seen')
        WHEN 'MARK_UNREAD' THEN CONCAT('-', CHAR(92 USING utf8mb4), 'Seen')
        WHEN 'FLAG' THEN CONCAT('+', CHAR(92 USING utf8mb4), 'Flagged')
        ELSE CONCAT('-', CHAR(92 USING utf8mb4), 'Flagged')
      END,
      kind = 'FLAGS'
  WHERE kind IN ('MARK_READ', 'MARK_UNREAD', 'FLAG', 'UNFLAG');
