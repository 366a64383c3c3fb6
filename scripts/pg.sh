#!/usr/bin/env bash
# Start or stop the demo's private PostgreSQL (.local/pg): scripts/pg.sh start|stop|url
set -euo pipefail
source "$(dirname "$0")/lib.sh"
PORT=${ACH_DEMO_PG_PORT:-54320}
case "${1:-}" in
  start) start_postgres "$ROOT/.local/pg" "$PORT"; create_database "$PG_ADMIN_URL" ach
         echo "DATABASE_URL=postgresql://postgres@127.0.0.1:$PORT/ach" ;;
  stop) stop_postgres "$ROOT/.local/pg" ;;
  url) echo "postgresql://postgres@127.0.0.1:$PORT/ach" ;;
  *) echo "usage: scripts/pg.sh start|stop|url" >&2; exit 2 ;;
esac
