#!/usr/bin/env bash
# Runs the whole test suite: formatting check, build, unit tests and integration tests against a
# private PostgreSQL that this script starts (and stops) under .local/test-pg, then a minute of
# fuzzing for each parser. Arguments go to `swift test` (and skip the fuzzing).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

install_packages

# The webhook tests verify our signatures with an independent implementation (PyPI
# standardwebhooks, pinned) in a private virtualenv.
STANDARDWEBHOOKS_VERSION=1.1.0
if ! .local/venv/bin/python -c "import standardwebhooks" 2>/dev/null; then
  log "installing standardwebhooks $STANDARDWEBHOOKS_VERSION into .local/venv"
  mkdir -p .local
  python3 -m venv .local/venv
  .local/venv/bin/pip install -q "standardwebhooks==$STANDARDWEBHOOKS_VERSION"
fi
export ACH_TEST_PYTHON="$ROOT/.local/venv/bin/python"
export ACH_TEST_WEBHOOK_RECEIVER="$ROOT/scripts/webhook-receiver.py"

log "checking formatting"
swift format lint --strict --recursive Package.swift $(ls -d Sources Tests LoadTests Benchmarks Fuzz 2>/dev/null)

PGDIR="$ROOT/.local/test-pg"
PORT=${ACH_TEST_PG_PORT:-54329}
start_postgres "$PGDIR" "$PORT"
trap 'stop_postgres "$PGDIR"' EXIT

log "building (log: .local/build.log)"
mkdir -p .local
if ! swift build --build-tests >.local/build.log 2>&1; then
  grep -E "error:" .local/build.log | sort -u | head -50 >&2
  tail -n 20 .local/build.log >&2
  exit 1
fi

# Integration tests create one database per test through this admin URL.
export ACH_TEST_DATABASE_URL="$PG_ADMIN_URL"
# The certificate authority of the cluster's TLS certificate, for the sslmode=verify-full test.
export ACH_TEST_PG_CA="$PGDIR/tls/ca.crt"
export ACH_WORKER_BIN="$ROOT/.build/debug/ach-worker"
log "running tests"
swift test --skip-build "$@"

# The whole suite (no arguments) also fuzzes both parsers for a bounded time each.
if [ $# -eq 0 ]; then
  log "fuzzing the NACHA reader and the CSV importer"
  bash scripts/fuzz.sh "${ACH_FUZZ_SECONDS:-60}"
fi
