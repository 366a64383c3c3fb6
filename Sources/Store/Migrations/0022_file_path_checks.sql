-- Foreign-key checks on the file path, measured with ach-loadtest (LoadTests/README.md): filing
-- 90,000 transfers ran 270,000 of them — each an index probe and a KEY SHARE row lock — 1.1 s of
-- the 6.4 s the database spent on that file, for references that one statement sequence already
-- guarantees.
--
-- FileStore.recordFile is the only writer of ach_entries and of transfers.file_id. In one
-- transaction it inserts the file row, then the file's entries naming that file, then moves
-- exactly the entries' transfers from accepted to batched with that file id, and rolls back
-- unless every transfer of the file was found accepted (an entry naming a transfer that does not
-- exist leaves one unmatched, so the file is refused). Neither transfers nor files can be
-- deleted (triggers transfers_no_delete, ach_files_no_delete; no DELETE privilege for either
-- role), so a reference that held when it was written holds for good. transfer_events lost its
-- foreign key the same way (migration 0021).
ALTER TABLE ach_entries DROP CONSTRAINT ach_entries_transfer_id_fkey;
ALTER TABLE ach_entries DROP CONSTRAINT ach_entries_file_id_fkey;
ALTER TABLE transfers DROP CONSTRAINT transfers_file;
