#!/usr/bin/env bash
# The lifecycle floor on this machine: how many transfers per second PostgreSQL can take through
# the four status changes every accepted transfer makes (pending → processing → accepted →
# batched → sent), each written with its event in the same transaction as SPEC §2 requires, in
# batches, with no application work at all — no validation look-ups, no entries, no files.
# ceiling.sh measures two status changes and no events; this is the least the product's own
# rules allow, so no pipeline on this schema can beat it, and the distance between the two says
# how much of a ratio to the ceiling is left for everything else.
#
# usage: floor.sh DATABASE_URL [ROWS=1500000] [CLIENTS=4] [BATCH=1000] [SECONDS=15] [SHAPE=wide]
#   SHAPE wide: a row as wide as a transfer (request columns, worker state, the idempotency
#               key and the partial indexes of migration 0001 and later);
#   SHAPE narrow: only the worker state and the idempotency key — what a narrow state table
#               would write.
# Both keep an event table like transfer_events (xid, detail, its two indexes).
# prints one line: floor_rows_per_second=N
# It creates and drops its own tables, floor_transfers and floor_events, and touches nothing else.
set -euo pipefail
url=$1 rows=${2:-1500000} clients=${3:-4} batch=${4:-1000} secs=${5:-15} shape=${6:-wide}
case $shape in
  wide) wide_columns="
  receiver_name text NOT NULL DEFAULT repeat('N', 22), receiver_id text NOT NULL DEFAULT repeat('I', 15),
  entry_description text NOT NULL DEFAULT 'PAYROLL', sec_code text NOT NULL DEFAULT 'PPD',
  routing_number text NOT NULL DEFAULT '021000021', account_type text NOT NULL DEFAULT 'checking',
  account_number text NOT NULL DEFAULT repeat(md5(random()::text), 3),
  account_hash text NOT NULL DEFAULT md5(random()::text) || md5(random()::text),
  addenda text[] NOT NULL DEFAULT '{}', rejection jsonb, resolved_effective_date date,
  entry_amounts bigint[], trace_numbers text[], last_error text, claimed_at timestamptz,
  decided_at timestamptz, updated_at timestamptz NOT NULL DEFAULT now(),"
    wide_indexes="
CREATE INDEX floor_leased ON floor_transfers (locked_until) WHERE status = 'processing';
CREATE INDEX floor_accepted ON floor_transfers (originator, run_at) WHERE status = 'accepted';
CREATE INDEX floor_batched ON floor_transfers (file_id) WHERE status = 'batched';" ;;
  narrow) wide_columns="" wide_indexes="" ;;
  *) echo "floor.sh: SHAPE is wide or narrow, not $shape" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"; psql "$url" -qc "DROP TABLE IF EXISTS floor_transfers, floor_events" >/dev/null 2>&1 || true' EXIT

psql "$url" -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
DROP TABLE IF EXISTS floor_transfers, floor_events;
CREATE TABLE floor_transfers (
  id uuid PRIMARY KEY,
  idempotency_key text NOT NULL, originator text NOT NULL, amount_cents bigint NOT NULL,
  $wide_columns
  status text NOT NULL DEFAULT 'pending', run_at timestamptz NOT NULL DEFAULT now(),
  attempts int NOT NULL DEFAULT 0, locked_by text, locked_until timestamptz, file_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (originator, idempotency_key)
) WITH (fillfactor = 85);
CREATE INDEX floor_due ON floor_transfers (run_at, id) WHERE status = 'pending';
$wide_indexes
CREATE TABLE floor_events (
  id bigserial, transfer_id uuid NOT NULL, from_status text, to_status text NOT NULL,
  attempt int NOT NULL DEFAULT 0, actor text NOT NULL, detail jsonb,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(), xid xid8 NOT NULL DEFAULT pg_current_xact_id());
CREATE INDEX floor_events_transfer ON floor_events (transfer_id, id);
CREATE INDEX floor_events_callbacks ON floor_events (xid, id) WHERE to_status <> 'processing';
-- Ids in creation order, as the project's time-ordered (version 7) transfer ids are.
INSERT INTO floor_transfers (id, idempotency_key, originator, amount_cents)
  SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'key-' || g, 'originator-' || (g % 10),
         (random() * 500000)::bigint + 1
    FROM generate_series(1, $rows) g;
ANALYZE floor_transfers;
SQL

# One client's turn: claim a batch, then take the same rows through the three later changes,
# each its own transaction, as the pool, the completer and the file path do.
cat >"$work/lifecycle.sql" <<SQL
WITH claimed AS (
  UPDATE floor_transfers t
     SET status = 'processing', locked_by = 'w' || :client_id, locked_until = now() + interval '5 minutes',
         attempts = t.attempts + 1
   WHERE t.id IN (SELECT id FROM floor_transfers
                   WHERE status = 'pending' AND run_at <= now()
                   ORDER BY run_at, id FOR UPDATE SKIP LOCKED LIMIT $batch)
  RETURNING t.*
), events AS (
  INSERT INTO floor_events (transfer_id, from_status, to_status, attempt, actor)
  SELECT id, 'pending', 'processing', attempts, 'w' || :client_id FROM claimed
)
SELECT coalesce(array_agg(id), '{}') AS ids FROM claimed
\gset
WITH changed AS (
  UPDATE floor_transfers t SET status = 'accepted', locked_by = NULL, locked_until = NULL
    FROM unnest(:ids::uuid[]) AS u(id) WHERE t.id = u.id AND t.status = 'processing' RETURNING t.id, t.attempts)
INSERT INTO floor_events (transfer_id, from_status, to_status, attempt, actor)
SELECT id, 'processing', 'accepted', attempts, 'w' || :client_id FROM changed;
WITH changed AS (
  UPDATE floor_transfers t SET status = 'batched', file_id = :client_id::int
    FROM unnest(:ids::uuid[]) AS u(id) WHERE t.id = u.id AND t.status = 'accepted' RETURNING t.id, t.attempts)
INSERT INTO floor_events (transfer_id, from_status, to_status, attempt, actor, detail)
SELECT id, 'accepted', 'batched', attempts, 'w' || :client_id, jsonb_build_object('file_id', :client_id::int) FROM changed;
WITH changed AS (
  UPDATE floor_transfers t SET status = 'sent'
    FROM unnest(:ids::uuid[]) AS u(id) WHERE t.id = u.id AND t.status = 'batched' RETURNING t.id, t.attempts)
INSERT INTO floor_events (transfer_id, from_status, to_status, attempt, actor)
SELECT id, 'batched', 'sent', attempts, 'w' || :client_id FROM changed;
SQL

count_sent() { psql "$url" -qAtc "SELECT count(*) FROM floor_transfers WHERE status = 'sent'"; }
before=$(count_sent)
start=$(date +%s.%N)
pgbench -n -M prepared -f "$work/lifecycle.sql" -c "$clients" -j "$clients" -T "$secs" "$url" >"$work/pgbench.log" 2>&1 \
  || { cat "$work/pgbench.log" >&2; exit 1; }
end=$(date +%s.%N)
after=$(count_sent)
done_rows=$((after - before))
if [ "$done_rows" -ge "$rows" ]; then
  echo "floor.sh: all $rows rows were sent before the time ran out; give more rows" >&2
  exit 1
fi
python3 -c "print('floor_rows_per_second=%d' % ($done_rows / ($end - $start)))"
