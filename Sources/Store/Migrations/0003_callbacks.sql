-- Notification callbacks (signed webhooks, SPEC §7). The outbox is the event tables themselves:
-- every status change already writes its event in the same transaction as the change. A
-- dispatcher moves a cursor over them and copies the events of originators that have a callback
-- URL into `callback_deliveries`, in the same transaction as the cursor move.
--
-- Why an xid8 column: bigserial ids are handed out at INSERT time but become visible at COMMIT, so
-- a transaction that commits late makes rows appear *behind* a naive `id > cursor` scan, which
-- would skip them for ever. Each event records its writing transaction's id; the dispatcher reads
-- only events of transactions older than every transaction of this database still running (all
-- of which have finished; see CallbackOutbox.horizon), in (xid, id) order, so the set below the
-- cursor never changes after the cursor has passed it.
-- The value is the transaction's own id, which a writing transaction has anyway: nothing extra
-- happens on the pool's hot path beyond storing eight bytes and one partial index entry.

ALTER TABLE transfer_events ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE file_events ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id();

-- Only events that make a callback are indexed (claims and releases, half of all events, are not).
CREATE INDEX transfer_events_callbacks ON transfer_events (xid, id)
  WHERE to_status IN ('accepted', 'rejected', 'batched', 'sent', 'failed', 'cancelled', 'settled', 'returned');
CREATE INDEX file_events_callbacks ON file_events (xid, id) WHERE to_status = 'sent';

-- Where the dispatcher is in each event table. One row per table; the daemon that holds its row
-- lock is the only one advancing it. Starts after every event that exists when this migration
-- runs (their xid is this transaction's), so enabling callbacks does not replay history.
CREATE TABLE callback_cursors (
  source     text PRIMARY KEY CHECK (source IN ('transfer', 'file')),
  last_xid   xid8 NOT NULL,
  last_id    bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO callback_cursors (source, last_xid, last_id) VALUES
  ('transfer', pg_current_xact_id(), 9223372036854775807),
  ('file', pg_current_xact_id(), 9223372036854775807);

-- Per originator: the URL deliveries go to (from the configuration) and whether it is disabled.
-- A receiver that answers 410 Gone is disabled until an operator re-enables it
-- (`ach-worker callbacks enable`); its deliveries wait meanwhile. Events older than the
-- endpoint's `created_at` are not sent: configuring a URL does not replay history.
CREATE TABLE callback_endpoints (
  originator      text PRIMARY KEY CHECK (length(originator) BETWEEN 1 AND 64),
  url             text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  disabled_at     timestamptz,
  disabled_reason text,
  enabled_by      text,            -- the operator who re-enabled it last
  enabled_reason  text,
  enabled_at      timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TYPE callback_status AS ENUM (
  'pending',    -- waiting for its (next) attempt; leased while an attempt is in flight
  'delivered',  -- the receiver answered 2xx
  'dead'        -- no 2xx for callbacks.maxAgeSeconds; an operator may `retry callbacks`
);

-- One row per event per endpoint. `id` is the Standard Webhooks `webhook-id`: derived from the
-- event, so every attempt and every redelivery of an event carries the same id.
CREATE TABLE callback_deliveries (
  id               text PRIMARY KEY,
  source           text NOT NULL CHECK (source IN ('transfer', 'file')),
  event_id         bigint NOT NULL,
  originator       text NOT NULL,
  event_type       text NOT NULL,            -- transfer.accepted, …, file.sent
  transfer_id      uuid,
  file_id          uuid,
  payload          jsonb NOT NULL,           -- the body, frozen when copied: the same on every attempt
  status           callback_status NOT NULL DEFAULT 'pending',
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  lease_owner      text,
  lease_expires_at timestamptz,
  last_error       text,
  last_status_code integer,
  event_at         timestamptz NOT NULL,     -- when the status changed
  created_at       timestamptz NOT NULL DEFAULT now(),  -- when it entered the queue
  queued_at        timestamptz NOT NULL DEFAULT now(),  -- max age counts from here (reset by `retry callbacks`)
  delivered_at     timestamptz,
  dead_at          timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX callback_deliveries_due ON callback_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX callback_deliveries_transfer ON callback_deliveries (transfer_id, event_id) WHERE transfer_id IS NOT NULL;
CREATE INDEX callback_deliveries_dead ON callback_deliveries (created_at, id) WHERE status = 'dead';

-- What happened to a delivery besides attempts: dead, requeued by an operator. Append-only.
CREATE TABLE callback_delivery_events (
  id          bigserial PRIMARY KEY,
  delivery_id text NOT NULL REFERENCES callback_deliveries (id),
  from_status callback_status,
  to_status   callback_status NOT NULL,
  actor       text NOT NULL,
  detail      jsonb,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX callback_delivery_events_delivery ON callback_delivery_events (delivery_id, id);
CREATE TRIGGER callback_delivery_events_no_change BEFORE UPDATE OR DELETE ON callback_delivery_events
  FOR EACH ROW EXECUTE FUNCTION ach_refuse_change();

-- Endpoint changes by operators (re-enable) and by the dispatcher (disabled on 410). Append-only.
CREATE TABLE callback_endpoint_events (
  id         bigserial PRIMARY KEY,
  originator text NOT NULL,
  action     text NOT NULL,          -- 'disabled', 'enabled'
  actor      text NOT NULL,
  detail     jsonb,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TRIGGER callback_endpoint_events_no_change BEFORE UPDATE OR DELETE ON callback_endpoint_events
  FOR EACH ROW EXECUTE FUNCTION ach_refuse_change();
