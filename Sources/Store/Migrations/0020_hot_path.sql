-- The pool's hot path, measured with ach-loadtest (LoadTests/README.md): every transfer is
-- updated four times (claim, decide, batch, send). Status is in the predicate of most partial
-- indexes, so no status change can be a HOT update: each one adds an entry to every index whose
-- predicate the new row matches, and fires every row trigger.

-- 1. The request guard fired a PL/pgSQL function for every updated row, although the worker
-- never names a request column in its UPDATEs. Now it fires only for an UPDATE (or
-- INSERT … ON CONFLICT DO UPDATE) that names one of those columns in its SET list — the only way
-- a statement can change them (no other BEFORE trigger rewrites NEW, and only the table's owner
-- could add one, who could equally drop this trigger). The function and its check are unchanged:
-- naming a column to set it to its current value is still allowed, changing it is still refused
-- (and re-sealing an account number still needs the rotation setting of 0011).
DROP TRIGGER transfers_keep_request ON transfers;
CREATE TRIGGER transfers_keep_request
  BEFORE UPDATE OF id, idempotency_key, originator, direction, amount_cents, currency, sec_code, receiver_name,
                   receiver_id, routing_number, account_number, account_hash, account_last4, account_type, addenda,
                   effective_date, same_day, entry_description, prenote, web_payment_type, authorization_ref, created_at
  ON transfers FOR EACH ROW EXECUTE FUNCTION ach_keep_request();

-- 2. No query reads transfers_exposure any more: the exposure rule reads originator_exposure,
-- kept by the completer in the same statement that accepts. It cost an index entry on three of
-- the four updates of every accepted transfer — and with statistics that lag a fresh backlog, the
-- planner chose it for the duplicate look-up (originator and direction only, then a filter over
-- every accepted row of the originator: quadratic; 500 ms per batch at 100,000 transfers).
-- transfers_fingerprint serves that look-up.
DROP INDEX transfers_exposure;
