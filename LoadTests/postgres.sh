#!/usr/bin/env bash
# Starts the load test's private PostgreSQL the way scripts/demo.sh starts the demo's (same
# helpers, same settings: synchronous_commit = on, 127.0.0.1 only), in .local/loadtest-pg on
# port ${ACH_LOADTEST_PG_PORT:-54333} (folder: ${ACH_LOADTEST_PG_DIR:-.local/loadtest-pg}), and
# prints a DATABASE_URL on stdout.
#
# usage: LoadTests/postgres.sh [--fresh]   (--fresh drops and recreates the database ach_loadtest)
#        LoadTests/postgres.sh stop
#        LoadTests/postgres.sh crash-restart   (pg_ctl restart -m immediate: a crash and recovery,
#                                               what `ach-loadtest --chaos` does to the daemons)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
PORT=${ACH_LOADTEST_PG_PORT:-54333}
DIR=${ACH_LOADTEST_PG_DIR:-"$ROOT/.local/loadtest-pg"}
if [ "${1:-}" = stop ]; then stop_postgres "$DIR"; exit 0; fi
if [ "${1:-}" = crash-restart ]; then
  # Immediate mode: no checkpoint, clients cut off mid-transaction, crash recovery at start.
  as_pg "$(pg_bin)/pg_ctl" -D "$DIR/data" -m immediate -w -t 60 -l "$DIR/server.log" restart \
    </dev/null >>"$ROOT/.local/loadtest-pg.log" 2>&1 || { tail -n 20 "$ROOT/.local/loadtest-pg.log" >&2; exit 1; }
  exit 0
fi
install_packages >&2
# The server must not inherit our stdout/stderr: a caller reading them to the end (ach-loadtest)
# would wait for the server to exit. Its messages go to a log instead.
mkdir -p "$ROOT/.local"
start_postgres "$DIR" "$PORT" </dev/null >>"$ROOT/.local/loadtest-pg.log" 2>&1 \
  || { cat "$ROOT/.local/loadtest-pg.log" >&2; exit 1; }
tune_for_write_load "$DIR"
if [ "${1:-}" = --fresh ]; then
  psql "$PG_ADMIN_URL" -qc 'DROP DATABASE IF EXISTS ach_loadtest WITH (FORCE)' >/dev/null
fi
create_database "$PG_ADMIN_URL" ach_loadtest >&2
echo "postgresql://postgres@127.0.0.1:$PORT/ach_loadtest"
