-- Folder operations are barriers in their account's order (docs/operations.md, "Folders"): every
-- claim looks up the account's oldest unfinished one. Partial, so it holds only those few rows.
CREATE INDEX ${table_prefix}operations_folder_ix
  ON ${table_prefix}operations (account, id)
  WHERE kind = 'FOLDER' AND status IN ('PENDING', 'IN_FLIGHT');
