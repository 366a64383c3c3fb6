-- Rule DUPLICATE_SUSPECTED looks for committed transfers with the same originator, receiving
-- account, amount and direction. transfers_fingerprint served it: a partial index over the
-- committed statuses, so each of a transfer's three updates after its decision (accepted,
-- batched, sent; none can be HOT) added a new ~100-byte entry at a random place of an index as
-- large as the payment history. Measured with ach-loadtest (LoadTests/README.md): 9 µs of every
-- such update, 0.85 s of each 95,000-row status change of a file; 1.7 GB with 10,000,000 old
-- transfers, most of it outside shared buffers.
--
-- The fingerprint is now written once, when the transfer is accepted, into a table of its own
-- that is never updated: a 16-byte digest of the five columns. The look-up joins the transfer
-- to check its status (a cancelled or returned one no longer counts) and the columns themselves
-- (a digest collision cannot make a false duplicate).
CREATE FUNCTION ach_fingerprint(originator text, routing_number text, account_hash text,
                                amount_cents bigint, direction text)
  RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN md5(originator || '|' || routing_number || '|' || account_hash || '|' || amount_cents || '|' || direction)::uuid;

CREATE TABLE transfer_fingerprints (
  fingerprint uuid NOT NULL,
  created_at  timestamptz NOT NULL,
  transfer_id uuid NOT NULL
);

INSERT INTO transfer_fingerprints (fingerprint, created_at, transfer_id)
SELECT ach_fingerprint(originator, routing_number, account_hash, amount_cents, direction::text), created_at, id
  FROM transfers
 WHERE status IN ('accepted', 'batched', 'sent', 'settled') AND account_hash IS NOT NULL;

CREATE INDEX transfer_fingerprints_lookup ON transfer_fingerprints (fingerprint, created_at);

-- Derived from the payment history and kept like it: appended, never changed.
CREATE TRIGGER transfer_fingerprints_no_change BEFORE UPDATE OR DELETE ON transfer_fingerprints
  FOR EACH ROW EXECUTE FUNCTION ach_refuse_change();
CREATE TRIGGER transfer_fingerprints_no_truncate BEFORE TRUNCATE ON transfer_fingerprints
  FOR EACH STATEMENT EXECUTE FUNCTION ach_refuse_change();

DROP INDEX transfers_fingerprint;
