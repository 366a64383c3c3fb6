#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs the main job on the embedded defaults:
# installs the Debian packages, starts a private PostgreSQL under .local/pg (owned by a non-root
# user), builds, migrates, imports Config/sample-transfers.csv, drains the queue with the daemon,
# and shows where the NACHA files went.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

install_packages

PORT=${ACH_DEMO_PG_PORT:-54320}
start_postgres "$ROOT/.local/pg" "$PORT"
create_database "$PG_ADMIN_URL" ach
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PORT/ach"
log "PostgreSQL is running: DATABASE_URL=$DATABASE_URL (stop it with: scripts/pg.sh stop)"

log "building ach-worker (first build takes several minutes)"
swift build --product ach-worker 2>&1 | grep -E "error|warning: unre|Compiling|Build complete" | grep -vE "^\[" || true
BIN="$ROOT/.build/debug/ach-worker"
[ -x "$BIN" ] || { echo "build failed" >&2; exit 1; }

if [ ! -f var/keys/accounts.keys ]; then
  log "ach-worker keys init (the keys that seal account numbers at rest; back them up)"
  "$BIN" keys init
fi
log "ach-worker migrate"
"$BIN" migrate
log "ach-worker import Config/sample-transfers.csv"
"$BIN" import Config/sample-transfers.csv
log "ach-worker status (before)"
"$BIN" status
log "ach-worker run --drain (the daemon; it stops once the queue is empty and the files are delivered)"
"$BIN" run --drain --metrics-port 0
log "ach-worker status (after)"
"$BIN" status
rejected=$(psql "$DATABASE_URL" -qAtc "SELECT idempotency_key FROM transfers WHERE status = 'rejected' ORDER BY idempotency_key LIMIT 1")
log "ach-worker inspect $rejected (a transfer the rules rejected)"
"$BIN" inspect "$rejected"
log "what the database holds instead of account numbers (sealed; compared by keyed hash)"
psql "$DATABASE_URL" -P pager=off -c "SELECT idempotency_key, left(account_number, 30) || '…' AS account_number,
  left(account_hash, 16) || '…' AS account_hash, account_last4 FROM transfers ORDER BY idempotency_key LIMIT 3"
log "ach-worker files"
"$BIN" files --limit 5
log "the outbox (destination demo-bank, delivery type directory)"
ls -l var/outbox
for f in var/outbox/*.ach; do "$BIN" validate "$f" | tail -n 1; done
