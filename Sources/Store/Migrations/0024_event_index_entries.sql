-- Index entries per transfer, counted in the WAL of a load-test run (pg_waldump --stats, 100,000
-- mixed transfers; LoadTests/README.md): 24 B-tree insertions per transfer, 58% of all WAL
-- records. Four of them went to transfer_events_pkey, one per event, and nothing reads it: events
-- are looked up by transfer (transfer_events_transfer) or in commit order for the callbacks
-- (transfer_events_callbacks), never by id alone, and no table references them (callback
-- deliveries keep the event id as a copy). The id still comes from its sequence, so it is still
-- unique; the table is append-only (ach_refuse_change), so no row is ever updated or deleted by
-- key either.
ALTER TABLE transfer_events DROP CONSTRAINT transfer_events_pkey;
