-- Ferry 0.2: an open vocabulary of operations. A row keeps its kind, its destination and the
-- kind's own data in payload, whose format the kind defines (a flag change: its delta, for
-- example '+\Seen' or '+$Junk -$NotJunk'; later kinds carry theirs there too).
ALTER TABLE ${table_prefix}operations ADD COLUMN payload TEXT;

-- The four flag kinds of 0.1 become flag changes of one flag, in every status, so that pending
-- rows run, failed ones can be retried and finished ones read back. CHAR(92) is the backslash.
-- SQLite computes every SET from the row as it was: payload sees the old kind.
UPDATE ${table_prefix}operations
  SET payload = CASE kind
        WHEN 'MARK_READ' THEN '+' || CHAR(92) || 'Seen'
        WHEN 'MARK_UNREAD' THEN '-' || CHAR(92) || 'Seen'
        WHEN 'FLAG' THEN '+' || CHAR(92) || 'Flagged'
        ELSE '-' || CHAR(92) || 'Flagged'
      END,
      kind = 'FLAGS'
  WHERE kind IN ('MARK_READ', 'MARK_UNREAD', 'FLAG', 'UNFLAG');
