-- The job table, its append-only event log, and the guards that keep payment records immutable.

CREATE TYPE transfer_status AS ENUM (
  'pending',     -- waiting to be claimed (run_at says from when)
  'processing',  -- claimed by a worker holding a lease
  'accepted',    -- passed every rule; waits for its file
  'rejected',    -- broke at least one rule (see rejection)
  'batched',     -- written into a file (file_id)
  'sent',        -- its file was delivered
  'settled', 'returned',
  'failed',      -- transient errors used up its attempts; an operator may retry
  'cancelled'    -- cancelled before batching
);

CREATE TYPE transfer_direction AS ENUM ('credit', 'debit');

CREATE TABLE transfers (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key   text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  originator        text NOT NULL CHECK (length(originator) BETWEEN 1 AND 64),
  direction         transfer_direction NOT NULL,
  amount_cents      bigint NOT NULL CHECK (amount_cents >= 0),
  currency          text NOT NULL DEFAULT 'USD' CHECK (length(currency) <= 10000),
  -- Text caps are the import format's field cap (10,000): a value that is too long for NACHA is a
  -- business-rule rejection with a code, not an insert failure.
  -- Kept as text on purpose: an unsupported SEC code or account type is a business-rule
  -- rejection with a code (SEC_CODE_SUPPORTED, ACCOUNT_TYPE), not an insert failure.
  sec_code          text NOT NULL CHECK (length(sec_code) <= 10000),
  receiver_name     text NOT NULL DEFAULT '' CHECK (length(receiver_name) <= 10000),
  receiver_id       text NOT NULL DEFAULT '' CHECK (length(receiver_id) <= 10000),
  routing_number    text NOT NULL CHECK (length(routing_number) <= 10000),
  account_number    text NOT NULL CHECK (length(account_number) <= 10000),
  account_type      text NOT NULL DEFAULT 'checking' CHECK (length(account_type) <= 10000),
  addenda           text[] NOT NULL DEFAULT '{}' CHECK (cardinality(addenda) <= 9999),
  effective_date    date,
  same_day          boolean NOT NULL DEFAULT false,
  entry_description text NOT NULL DEFAULT '' CHECK (length(entry_description) <= 10000),
  prenote           boolean NOT NULL DEFAULT false,
  web_payment_type  text CHECK (length(web_payment_type) <= 10000),
  authorization_ref text CHECK (length(authorization_ref) <= 10000),

  -- Worker state.
  status            transfer_status NOT NULL DEFAULT 'pending',
  attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  run_at            timestamptz NOT NULL DEFAULT now(),
  lease_owner       text,
  lease_expires_at  timestamptz,
  last_error        text,
  rejection         jsonb,           -- [{"code": …, "message": …}]
  resolved_effective_date date,      -- the settlement day after calendar rules
  resolved_same_day boolean,         -- goes out as Same Day ACH (a request may have been converted)
  entry_amounts     bigint[],        -- the entries this transfer becomes (split when large)
  file_id           uuid,
  trace_numbers     text[],
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  claimed_at        timestamptz,
  decided_at        timestamptz,     -- when it became accepted or rejected

  CONSTRAINT transfers_idempotency UNIQUE (originator, idempotency_key),
  CONSTRAINT transfers_lease CHECK ((status = 'processing') = (lease_owner IS NOT NULL))
) WITH (
  -- The table churns (every row is updated 3–4 times); vacuum it early so dead tuples never pile
  -- up under the claim query, and leave room on each page for updated row versions.
  fillfactor = 85,
  autovacuum_vacuum_scale_factor = 0.01,
  autovacuum_vacuum_insert_scale_factor = 0.01,
  autovacuum_analyze_scale_factor = 0.02,
  autovacuum_vacuum_cost_delay = 0
);

-- The claim query reads only this small index: finished rows (the vast majority in a long-lived
-- table) are not in it, so it stays fast however large the table grows.
CREATE INDEX transfers_due ON transfers (run_at, id) WHERE status = 'pending';
-- Expired leases: the reaper scans only rows in flight.
CREATE INDEX transfers_leased ON transfers (lease_expires_at) WHERE status = 'processing';
-- File assembly reads accepted rows only.
CREATE INDEX transfers_accepted ON transfers (originator, resolved_effective_date) WHERE status = 'accepted';
-- Look-ups for the duplicate and exposure rules, restricted to rows that count.
CREATE INDEX transfers_exposure ON transfers (originator, resolved_effective_date, direction)
  WHERE status IN ('accepted', 'batched', 'sent', 'settled');
CREATE INDEX transfers_fingerprint ON transfers (originator, routing_number, account_number, amount_cents)
  WHERE status IN ('accepted', 'batched', 'sent', 'settled');
-- Rule IDEMPOTENCY_KEY_REUSED: keys that differ only in case or surrounding spaces.
CREATE INDEX transfers_normalized_key ON transfers (originator, (lower(btrim(idempotency_key, E' \t\r\n') COLLATE "C")));
CREATE INDEX transfers_status ON transfers (status) WHERE status NOT IN ('sent', 'settled', 'returned', 'rejected', 'cancelled');

-- Money committed per originator, settlement day and direction (rule DAILY_EXPOSURE_LIMIT), kept
-- up to date by the batch completer in the same statement that accepts transfers, so the rule
-- reads one row instead of summing the table.
CREATE TABLE originator_exposure (
  originator     text NOT NULL,
  effective_date date NOT NULL,
  direction      transfer_direction NOT NULL,
  used_cents     bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (originator, effective_date, direction)
);

-- Every status change, written in the same transaction as the change. Never updated or deleted.
CREATE TABLE transfer_events (
  id           bigserial PRIMARY KEY,
  transfer_id  uuid NOT NULL REFERENCES transfers (id),
  from_status  transfer_status,
  to_status    transfer_status NOT NULL,
  attempt      integer NOT NULL DEFAULT 0,
  actor        text NOT NULL,        -- worker id, "import", "lease-reaper" or an operator
  detail       jsonb,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
) WITH (autovacuum_vacuum_insert_scale_factor = 0.05);

CREATE INDEX transfer_events_transfer ON transfer_events (transfer_id, id);

-- The database itself refuses to lose payment history, whatever the application does.
CREATE FUNCTION ach_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: payment records and events are append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers
  FOR EACH ROW EXECUTE FUNCTION ach_refuse_change();
CREATE TRIGGER transfers_no_truncate BEFORE TRUNCATE ON transfers
  FOR EACH STATEMENT EXECUTE FUNCTION ach_refuse_change();
CREATE TRIGGER transfer_events_no_update BEFORE UPDATE OR DELETE ON transfer_events
  FOR EACH ROW EXECUTE FUNCTION ach_refuse_change();
CREATE TRIGGER transfer_events_no_truncate BEFORE TRUNCATE ON transfer_events
  FOR EACH STATEMENT EXECUTE FUNCTION ach_refuse_change();

-- What the producer asked for is never rewritten: only worker state may change.
CREATE FUNCTION ach_keep_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.idempotency_key, NEW.originator, NEW.direction, NEW.amount_cents, NEW.currency,
      NEW.sec_code, NEW.receiver_name, NEW.receiver_id, NEW.routing_number, NEW.account_number,
      NEW.account_type, NEW.addenda, NEW.effective_date, NEW.same_day, NEW.entry_description,
      NEW.prenote, NEW.web_payment_type, NEW.authorization_ref, NEW.created_at)
     IS DISTINCT FROM
     (OLD.id, OLD.idempotency_key, OLD.originator, OLD.direction, OLD.amount_cents, OLD.currency,
      OLD.sec_code, OLD.receiver_name, OLD.receiver_id, OLD.routing_number, OLD.account_number,
      OLD.account_type, OLD.addenda, OLD.effective_date, OLD.same_day, OLD.entry_description,
      OLD.prenote, OLD.web_payment_type, OLD.authorization_ref, OLD.created_at) THEN
    RAISE EXCEPTION 'the payment request of transfer % cannot be changed', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER transfers_keep_request BEFORE UPDATE ON transfers
  FOR EACH ROW EXECUTE FUNCTION ach_keep_request();

-- A hint to idle workers that new work arrived (they also poll: NOTIFY does not survive
-- transaction-mode connection poolers). One notification per statement, not per row.
CREATE FUNCTION ach_notify_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ach_transfers', '');
  RETURN NULL;
END $$;

CREATE TRIGGER transfers_notify AFTER INSERT ON transfers
  FOR EACH STATEMENT EXECUTE FUNCTION ach_notify_pending();
