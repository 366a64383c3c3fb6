-- Fewer writes per status change, measured with ach-loadtest (LoadTests/README.md). A transfer
-- goes through four UPDATEs and four or five event INSERTs; none of the UPDATEs can be HOT
-- (status is in the predicate of most partial indexes), so every index an updated row matches
-- gets a new entry each time. What each of these cost is in the README's speed section.

-- 1. Every event insert ran the foreign-key trigger: one index probe and a KEY SHARE lock on the
-- transfer row per event, about 40% of the insert. The reference holds without it: an event is
-- only ever written by the statement that updates (or inserts) the transfer it names, in the same
-- transaction, and a transfer can never be deleted (trigger transfers_no_delete, no DELETE
-- privilege for either role). ach_entries keeps its foreign key: an entry is written once.
ALTER TABLE transfer_events DROP CONSTRAINT transfer_events_transfer_id_fkey;

-- 2. transfers_status (every non-final row) took an entry on three of the four updates, and the
-- only reader that needs a count per status every few seconds — the queue-depth gauges — reads
-- the per-status partial indexes instead (QueueStatus.active). Failed transfers, the one
-- non-final status without one, get a small index of their own: they are rare and wait for an
-- operator.
DROP INDEX transfers_status;
CREATE INDEX transfers_failed ON transfers (updated_at) WHERE status = 'failed';

-- 3. Rule IDEMPOTENCY_KEY_REUSED looked keys up in transfers_normalized_key, an expression index
-- over every row that took a new entry — lower/btrim computed again — on each of the four
-- updates: about a quarter of an update's cost. A key never changes, so the normalized keys now
-- live in a table of their own, written once when the transfer is inserted and never updated. A
-- statement trigger writes them whatever the insert path (import's COPY, a producer's INSERT);
-- SECURITY DEFINER because ach_producer may insert into transfers and nothing else.
CREATE TABLE transfer_keys (
  originator     text NOT NULL,
  normalized_key text COLLATE "C" NOT NULL,
  created_at     timestamptz NOT NULL,
  transfer_id    uuid NOT NULL
);
CREATE INDEX transfer_keys_lookup ON transfer_keys (originator, normalized_key);

CREATE FUNCTION ach_record_keys() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO transfer_keys (originator, normalized_key, created_at, transfer_id)
  SELECT originator, lower(btrim(idempotency_key, E' \t\r\n') COLLATE "C"), created_at, id FROM inserted;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION ach_record_keys() FROM PUBLIC;

CREATE TRIGGER transfers_record_keys AFTER INSERT ON transfers REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION ach_record_keys();

-- Like the rest of the payment history: appended, never changed.
CREATE TRIGGER transfer_keys_no_change BEFORE UPDATE OR DELETE ON transfer_keys
  FOR EACH ROW EXECUTE FUNCTION ach_refuse_change();
CREATE TRIGGER transfer_keys_no_truncate BEFORE TRUNCATE ON transfer_keys
  FOR EACH STATEMENT EXECUTE FUNCTION ach_refuse_change();

INSERT INTO transfer_keys (originator, normalized_key, created_at, transfer_id)
SELECT originator, lower(btrim(idempotency_key, E' \t\r\n') COLLATE "C"), created_at, id FROM transfers;

DROP INDEX transfers_normalized_key;
