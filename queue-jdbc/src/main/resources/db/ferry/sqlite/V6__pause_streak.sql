-- How many times in a row an account has been paused, kept with the pause so that every node
-- lengthens the next one alike (docs/processing.md, "Account state").
ALTER TABLE ${table_prefix}accounts ADD COLUMN pauses_in_a_row INTEGER DEFAULT 0 NOT NULL;
