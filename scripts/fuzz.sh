#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of the two parsers that read outside input: the NACHA reader
# and validator, and the CSV importer. Each target is the ACH sources plus one file from Fuzz/,
# compiled with -sanitize=fuzzer,address, and runs from a seed corpus of real files.
#
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET…]   (targets: nacha csv)
# A crash, a hang over 10 s, memory over 2 GiB or a broken invariant stops the run with the input
# saved under .local/fuzz/TARGET/ (crash-*, timeout-*, oom-*); the exit code is then non-zero.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

seconds=${1:-60}; shift || true
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(nacha csv)
work="$ROOT/.local/fuzz"; mkdir -p "$work"
mapfile -t ach_sources < <(find Sources/ACH -name '*.swift' | sort)

build_target() {  # NAME FUZZ_FILE
  local name=$1 file=$2
  log "building the $name fuzzer"
  # The linker warns about every sanitizer symbol it cannot export; keep that out of the way.
  if ! swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name "Fuzz_$name" \
      "${ach_sources[@]}" "$file" -o "$work/$name-fuzzer" >"$work/$name-build.log" 2>&1; then
    grep -E "error" "$work/$name-build.log" | head -20 >&2
    echo "fuzz.sh: building the $name fuzzer failed; see $work/$name-build.log" >&2
    exit 1
  fi
}

seed_corpus() {  # NAME → prints the seed directory
  local name=$1 seeds="$work/$name/seeds"
  rm -rf "$seeds"; mkdir -p "$seeds"
  case $name in
    nacha) find "$ROOT/../shared/conformance" -type f ! -name '*.tsv' ! -name '*.md' -exec cp {} "$seeds/" \; 2>/dev/null || true
           printf '1\n' >"$seeds/tiny" ;;
    csv)   head -n 60 Config/sample-transfers.csv >"$seeds/sample.csv"
           find Tests -name '*.csv' -exec cp {} "$seeds/" \; 2>/dev/null || true ;;
  esac
  echo "$seeds"
}

status=0
for name in "${targets[@]}"; do
  case $name in
    nacha) file=Fuzz/NACHAReaderFuzz.swift ;;
    csv) file=Fuzz/CSVImportFuzz.swift ;;
    *) echo "fuzz.sh: unknown target '$name' (known: nacha csv)" >&2; exit 2 ;;
  esac
  build_target "$name" "$file"
  seeds=$(seed_corpus "$name")
  corpus="$work/$name/corpus"; mkdir -p "$corpus"
  log "fuzzing $name for ${seconds}s ($(ls "$seeds" | wc -l) seeds; findings go to $work/$name/)"
  if ! (cd "$work/$name" && "$work/$name-fuzzer" "$corpus" "$seeds" -max_total_time="$seconds" \
      -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 >"$work/$name/log" 2>&1); then
    echo "fuzz.sh: the $name fuzzer found a problem; see $work/$name/log and the saved input:" >&2
    tail -n 40 "$work/$name/log" >&2
    status=1
  else
    grep -E "^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE" "$work/$name/log" | sed "s/^/  $name: /" >&2 || true
  fi
done
exit $status
