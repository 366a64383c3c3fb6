-- Account numbers unreadable at rest (SPEC §9, the NACHA data-security rule for originators).
--
-- `account_number` now holds a sealed value (`v1:KEYID:…`, AES-256-GCM, see the Vault module):
-- the key is never in the database. `account_hash` (HMAC-SHA256 under a separate lookup key)
-- stands for the number wherever rows are compared — duplicate detection, its index — and
-- `account_last4` is all that is ever displayed.
ALTER TABLE transfers
  ADD COLUMN account_hash text CHECK (length(account_hash) = 64),
  ADD COLUMN account_last4 text CHECK (length(account_last4) <= 4);

-- New rows must arrive sealed. NOT VALID: rows written before this migration are sealed in place
-- by `ach-worker keys rotate`, which this constraint then checks as it updates them.
ALTER TABLE transfers ADD CONSTRAINT transfers_account_sealed CHECK (account_number LIKE 'v1:%') NOT VALID;

DROP INDEX transfers_fingerprint;
CREATE INDEX transfers_fingerprint ON transfers (originator, routing_number, account_hash, amount_cents)
  WHERE status IN ('accepted', 'batched', 'sent', 'settled');

-- The payment request stays immutable, with one exception: key rotation may re-seal the account
-- number under a new key, inside a transaction that says so (`ach.account_rotation`) and only
-- while its keyed hash — the same number — stays as it was. A hash and last four are set once.
CREATE OR REPLACE FUNCTION ach_keep_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.idempotency_key, NEW.originator, NEW.direction, NEW.amount_cents, NEW.currency,
      NEW.sec_code, NEW.receiver_name, NEW.receiver_id, NEW.routing_number,
      NEW.account_type, NEW.addenda, NEW.effective_date, NEW.same_day, NEW.entry_description,
      NEW.prenote, NEW.web_payment_type, NEW.authorization_ref, NEW.created_at)
     IS DISTINCT FROM
     (OLD.id, OLD.idempotency_key, OLD.originator, OLD.direction, OLD.amount_cents, OLD.currency,
      OLD.sec_code, OLD.receiver_name, OLD.receiver_id, OLD.routing_number,
      OLD.account_type, OLD.addenda, OLD.effective_date, OLD.same_day, OLD.entry_description,
      OLD.prenote, OLD.web_payment_type, OLD.authorization_ref, OLD.created_at)
     OR (OLD.account_hash IS NOT NULL AND NEW.account_hash IS DISTINCT FROM OLD.account_hash)
     OR (OLD.account_last4 IS NOT NULL AND NEW.account_last4 IS DISTINCT FROM OLD.account_last4)
     OR (NEW.account_number IS DISTINCT FROM OLD.account_number
         AND coalesce(current_setting('ach.account_rotation', true), '') <> 'on') THEN
    RAISE EXCEPTION 'the payment request of transfer % cannot be changed', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
