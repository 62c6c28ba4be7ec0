#!/usr/bin/env bash
# Long libFuzzer runs of the cargo-fuzz targets (AddressSanitizer, cargo fuzz's default), each
# summarised in a dated row appended to fuzz/RUNS.md: executions, seconds, corpus size,
# coverage, crashes. Commit RUNS.md after a run worth keeping.
#
#   bash scripts/fuzz_long.sh [--runs N] [--max-seconds S] [--seed K] [target ...]
#
# --runs N         executions per target (libFuzzer -runs; default 10000000, the bar issue 17
#                  sets for a long run)
# --max-seconds S  stop a target after S seconds even if N was not reached (default: no limit);
#                  the row then records the executions done and says the bar was not reached
# --seed K         libFuzzer seed (default 1)
# targets          default: every target `cargo fuzz list` names
#
# Built with --no-trace-compares (comparison tracing is most of an execution's time inside the
# per-pixel loops) into build/fuzz-target, apart from the smoke step's fuzz/target build.
# New inputs go to build/fuzz-corpus/<target> (kept between runs, not committed); the committed
# seeds in fuzz/corpus/<target> are read, not written. A crash leaves its input in
# fuzz/artifacts/<target>/, is counted in the row, and makes the script exit 1 after the
# remaining targets ran. Uses the nightly scripts/test.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NIGHTLY=nightly-2026-05-20
RUNS=10000000
MAX_SECONDS=
SEED=1
TARGETS=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --max-seconds) MAX_SECONDS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
cd fuzz
[ ${#TARGETS[@]} -gt 0 ] || mapfile -t TARGETS < <(cargo +"$NIGHTLY" fuzz list)

# Input lengths as scripts/test.sh's smoke step uses them (the targets' doc comments say why).
max_len() {
  case $1 in
    ffi_buffers) echo 1024 ;;
    clip_scorer) echo 512 ;;
    clip_fullsize) echo 64 ;;
    *) echo "" ;;
  esac
}

RUNS_MD=$ROOT/fuzz/RUNS.md
if [ ! -f "$RUNS_MD" ]; then
  cat >"$RUNS_MD" <<'EOF'
# Long fuzz runs

Rows appended by `scripts/fuzz_long.sh` (libFuzzer through `cargo fuzz run -O
--no-trace-compares`: release code with debug assertions, AddressSanitizer). `runs asked` is the `-runs` bar,
`executions` what the target reached before the bar or the time limit; `corpus` counts the
inputs libFuzzer kept in the working corpus (`build/fuzz-corpus/<target>`; the committed seeds
in `fuzz/corpus/<target>` are read, not counted); `cov` and `ft` are libFuzzer's final coverage
and feature counts.

| date (UTC) | commit | target | runs asked | executions | bar reached | seconds | exec/s | corpus | cov | ft | crashes | host |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
fi

commit=$(git -C "$ROOT" rev-parse --short HEAD)
dirty=$(git -C "$ROOT" status --porcelain --untracked-files=no | grep -q . && echo "+dirty" || true)
host="$(nproc) cores, $(uname -m)"
LOGS=$ROOT/build/fuzz-long
mkdir -p "$LOGS"
status=0
FUZZ_FLAGS=(-O --no-trace-compares --target-dir "$ROOT/build/fuzz-target")
for t in "${TARGETS[@]}"; do
  cargo +"$NIGHTLY" fuzz build "${FUZZ_FLAGS[@]}" "$t" >/dev/null 2>"$LOGS/build.log" || {
    tail -30 "$LOGS/build.log"
    exit 1
  }
done
for t in "${TARGETS[@]}"; do
  corpus=$ROOT/build/fuzz-corpus/$t
  mkdir -p "$corpus" "artifacts/$t"
  before=$(find "artifacts/$t" -type f | wc -l)
  ml=$(max_len "$t")
  log=$LOGS/$t.log
  start=$(date +%s)
  echo "fuzz_long: $t, up to $RUNS executions${MAX_SECONDS:+ or $MAX_SECONDS s} (log: $log)"
  rc=0
  cargo +"$NIGHTLY" fuzz run "${FUZZ_FLAGS[@]}" "$t" "$corpus" "corpus/$t" -- \
    -runs="$RUNS" -seed="$SEED" -print_final_stats=1 \
    ${MAX_SECONDS:+-max_total_time=$MAX_SECONDS} ${ml:+-max_len=$ml} >"$log" 2>&1 || rc=$?
  secs=$(( $(date +%s) - start ))
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  execs=${execs:-$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')}
  execs=${execs:-0}
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo "?")
  ft=$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo "?")
  files=$(find "$corpus" -type f | wc -l)
  crashes=$(( $(find "artifacts/$t" -type f | wc -l) - before ))
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes="rc $rc"; fi
  [ "$rc" -eq 0 ] || status=1
  reached=no
  [ "$execs" -ge "$RUNS" ] && reached=yes
  rate=$(( execs / (secs > 0 ? secs : 1) ))
  printf '| %s | %s%s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$(date -u +%Y-%m-%d)" "$commit" "$dirty" "$t" "$RUNS" "$execs" "$reached" "$secs" "$rate" \
    "$files" "$cov" "$ft" "$crashes" "$host" >>"$RUNS_MD"
  echo "fuzz_long: $t: $execs executions in $secs s, corpus $files, crashes $crashes"
  if [ "$rc" -ne 0 ]; then tail -30 "$log"; fi
done
exit $status
