-- Folder operations are barriers in their account's order (docs/operations.md, "Folders"): every
-- claim looks up the account's oldest unfinished one, by kind first so that the lookup is one short
-- range whatever the account's other operations.
CREATE INDEX ${table_prefix}operations_folder_ix
  ON ${table_prefix}operations (account, kind, status, id);
