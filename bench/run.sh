#!/usr/bin/env bash
# Whole-program benchmarks of `busytrap analyze`, side by side with what a user would otherwise
# run on the same files in the same run: grep -c / wc -l (the I/O floor), zcat (the gzip decode
# floor), jq + sort | uniq -c (bench/paper_tables_jq.sh) and plain Python
# (bench/paper_tables.py). Prints a table (tool, input, size, seconds, MB/s, CPU seconds, peak
# RSS, ratio to busytrap) and the issue's targets as met / not met. docs/BENCHMARKS.md explains
# the method and records a run.
#
#   bash bench/run.sh                   the paper's week: 3.8 million command records (~2.5 GB)
#   BENCH_QUICK=1 bash bench/run.sh     smoke run: 200,000 records
#
# Environment (defaults in brackets):
#   BUSYTRAP          the program [build/release/busytrap]
#   BENCH_RECORDS     command records to generate [3800000; 200000 with BENCH_QUICK=1]
#   BENCH_SEED        generator seed [1]
#   BENCH_RUNS        timed runs per fast tool, after one untimed warm-up; the best counts [3]
#   BENCH_SLOW_MB     jq and Python read the first this many MB of the JSON log (whole lines),
#                     their per-MB time is compared (extrapolated); 0 = the whole file [128]
#   BENCH_SLOW_RUNS   timed runs of jq and Python (no warm-up: the slice is already cached) [1]
#   BENCH_OUT         data and results directory [bench/out]
#   BENCH_MICRO       1 runs the Google Benchmark micro-benchmarks too, if built [1]
# Generated data is kept in BENCH_OUT, named after its parameters and a fingerprint of the
# generator, and reused by later runs (delete BENCH_OUT to reclaim its ~4 GB).
# MB are 10^6 bytes. Times are wall-clock (/usr/bin/time %e is not precise enough: the script
# takes its own clock) and CPU = user + sys; RSS is /usr/bin/time's %M, which for a pipeline
# is the largest process in it.
set -euo pipefail
# The whole script is one function, read completely before it runs, so that editing run.sh
# during a (long) run cannot change what the running copy does.
main() {

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BUSYTRAP=${BUSYTRAP:-$root/build/release/busytrap}
if [ "${BENCH_QUICK:-0}" = 1 ]; then records=${BENCH_RECORDS:-200000}; else records=${BENCH_RECORDS:-3800000}; fi
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-3}
slow_mb=${BENCH_SLOW_MB:-128}
slow_runs=${BENCH_SLOW_RUNS:-1}
out=${BENCH_OUT:-$here/out}

for tool in jq python3 gzip /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make deps)" >&2; exit 1; }
done
[ -x "$BUSYTRAP" ] || { echo "bench: $BUSYTRAP is not built (make build)" >&2; exit 1; }
mkdir -p "$out/results"
results=$out/results
: > "$results/rows.tsv"

log() { printf '%s\n' "$*" >&2; }
size_of() { stat -L -c %s "$1"; }

# ---- data (generated once per parameter set) ---------------------------------------------
# The name carries a fingerprint of the generator's output, so a changed generator regenerates.
fingerprint=$("$BUSYTRAP" gen --records 2000 --seed "$seed" | md5sum | cut -c1-8)
base=$out/week-r$records-s$seed-$fingerprint
json=$base.json
text=$base.log
gz=$base.json.gz
if [ ! -s "$json" ]; then
  log "generating $json"
  "$BUSYTRAP" gen --records "$records" --seed "$seed" -o "$json.tmp" && mv "$json.tmp" "$json"
fi
if [ ! -s "$text" ]; then
  log "generating $text"
  "$BUSYTRAP" gen --records "$records" --seed "$seed" --format cowrie-text -o "$text.tmp" && mv "$text.tmp" "$text"
fi
if [ ! -s "$gz" ]; then
  log "compressing $gz"
  if command -v pigz >/dev/null; then pigz -6 -c "$json" > "$gz.tmp"; else gzip -6 -c "$json" > "$gz.tmp"; fi
  mv "$gz.tmp" "$gz"
fi
# The slow tools' slice: the first slow_mb MB, cut back to the last whole line.
json_size=$(size_of "$json")
slice=$json
if [ "$slow_mb" != 0 ] && [ $((slow_mb * 1000000)) -lt "$json_size" ]; then
  slice=$base.first${slow_mb}MB.json
  if [ ! -s "$slice" ]; then
    log "cutting $slice"
    head -c $((slow_mb * 1000000)) "$json" | sed '$d' > "$slice.tmp" && mv "$slice.tmp" "$slice"
  fi
fi

# ---- measurement ---------------------------------------------------------------------------
# measure ID TOOL INPUT_LABEL FILE RUNS WARM COMMAND: runs COMMAND (a bash command line, its
# stdout kept in results/ID.out) WARM (0/1) untimed times, then RUNS timed times; records the
# best wall time, the CPU time of that run, and the largest peak RSS.
measure() {
  local id=$1 tool=$2 label=$3 file=$4 n=$5 warm=$6 cmd=$7
  local best="" cpu="" rss=0 i t0 t1 wall e u s m
  if [ "$warm" = 1 ]; then bash -c "$cmd" > "$results/$id.out"; fi
  for ((i = 0; i < n; i++)); do
    t0=$(date +%s%N)
    /usr/bin/time -f '%e %U %S %M' -o "$results/$id.time" bash -c "$cmd" > "$results/$id.out"
    t1=$(date +%s%N)
    wall=$(( (t1 - t0) / 1000 ))  # microseconds
    read -r e u s m < <(tail -n 1 "$results/$id.time")
    if [ -z "$best" ] || [ "$wall" -lt "$best" ]; then
      best=$wall
      cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
    fi
    if [ "$m" -gt "$rss" ]; then rss=$m; fi
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$tool" "$label" "$(size_of "$file")" "$best" "$cpu" "$rss" "$n" \
    >> "$results/rows.tsv"
  log "$(printf '  %-22s %8.2f s' "$id" "$(awk -v w="$best" 'BEGIN { print w / 1e6 }')")"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)
log "bench: $records records, seed $seed; load average before: $load_before"
bt="$BUSYTRAP analyze -f json -n 20"
q() { printf '%q' "$1"; }

log "generator throughput"
measure gen-json "busytrap gen (JSON)" "(writes JSON)" "$json" 1 0 "$BUSYTRAP gen --records $records --seed $seed -o /dev/null"
measure gen-text "busytrap gen (text)" "(writes text)" "$text" 1 0 \
  "$BUSYTRAP gen --records $records --seed $seed --format cowrie-text -o /dev/null"

log "fast tools: 1 warm-up + best of $runs"
measure bt-json "busytrap analyze" "JSON" "$json" "$runs" 1 "$bt $(q "$json")"
measure bt-json-j1 "busytrap analyze -j 1" "JSON" "$json" "$runs" 1 "$bt -j 1 $(q "$json")"
measure bt-gz "busytrap analyze" "JSON.gz" "$gz" "$runs" 1 "$bt $(q "$gz")"
measure bt-text "busytrap analyze" "text log" "$text" "$runs" 1 "$bt $(q "$text")"
measure grep-text "grep -c CMD" "text log" "$text" "$runs" 1 "grep -c CMD $(q "$text")"
measure grep-json "grep -c command.input" "JSON" "$json" "$runs" 1 "grep -c cowrie.command.input $(q "$json")"
measure wc-json "wc -l" "JSON" "$json" "$runs" 1 "wc -l $(q "$json")"
measure zcat-gz "zcat | wc -c" "JSON.gz" "$gz" "$runs" 1 "zcat $(q "$gz") | wc -c"
if command -v pigz >/dev/null; then  # zlib's inflate, the decoder busytrap links
  measure pigz-gz "pigz -dc | wc -c" "JSON.gz" "$gz" "$runs" 1 "pigz -dc $(q "$gz") | wc -c"
fi

log "slow tools on $(basename "$slice"): best of $slow_runs"
measure bt-slice "busytrap analyze" "JSON slice" "$slice" "$runs" 1 "$bt $(q "$slice")"
measure jq1-slice "jq | sort | uniq -c (T1)" "JSON slice" "$slice" "$slow_runs" 0 "$(q "$here/paper_tables_jq.sh") -t 1 $(q "$slice")"
measure jq2-slice "jq | sort | uniq -c (T2)" "JSON slice" "$slice" "$slow_runs" 0 "$(q "$here/paper_tables_jq.sh") -t 2 $(q "$slice")"
measure py-slice "python3 paper_tables.py" "JSON slice" "$slice" "$slow_runs" 0 "python3 $(q "$here/paper_tables.py") $(q "$slice")"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
finished=$(date +%s)

# ---- same answers? ---------------------------------------------------------------------------
log "checking answers"
{
  echo "Python vs busytrap (same slice; totals, Tables 1-3, openings k=2..4, top 20):"
  python3 "$here/compare_tables.py" "$results/bt-slice.out" python "$results/py-slice.out" || true
  echo "jq vs busytrap (same slice; expected to differ where jq's rules are not the paper's):"
  python3 "$here/compare_tables.py" "$results/bt-slice.out" uniq command_lines "$results/jq1-slice.out" || true
  python3 "$here/compare_tables.py" "$results/bt-slice.out" uniq program_names "$results/jq2-slice.out" || true
  echo "Python vs busytrap on the word-rule edge cases (bench/edge_cases.json) and the real sample (top 100):"
  for f in "$here/edge_cases.json" "$root"/data/sample/*.json; do
    "$BUSYTRAP" analyze -f json -n 100 "$f" > "$results/check-bt.json"
    python3 "$here/paper_tables.py" --top 100 "$f" > "$results/check-py.json"
    python3 "$here/compare_tables.py" --top 100 "$results/check-bt.json" python "$results/check-py.json" |
      sed "s|^|  $(basename "$f"): |" || true
  done
  echo "busytrap on JSON, JSON.gz and the text log (Tables 1-3 and openings, top 20):"
  python3 - "$results" <<'EOF'
import json, sys
d = sys.argv[1]
def tables(name):
    r = json.load(open(f"{d}/{name}.out"))
    return {"tables": r["tables"], "openings": r["sequences"]["openings"], "records": r["totals"]["records"]}
j, g, t = tables("bt-json"), tables("bt-gz"), tables("bt-text")
print("  JSON.gz  ", "MATCH" if j == g else "MISMATCH")
print("  text log ", "MATCH" if j == t else "MISMATCH (see results/bt-json.out and bt-text.out)")
EOF
} | tee "$results/answers.txt"

# ---- micro-benchmarks of the hot paths --------------------------------------------------------
micro=$root/build/release/bench/busytrap_micro_bench
if [ "${BENCH_MICRO:-1}" = 1 ] && [ -x "$micro" ]; then
  log "micro-benchmarks ($micro)"
  "$micro" --benchmark_min_time=0.3 2>&1 | grep -v WARNING | tee "$results/micro.txt"
fi

# ---- table -----------------------------------------------------------------------------------
python3 "$here/report_results.py" "$results/rows.tsv" "$results" "$load_before" "$load_after" "$((finished - started))"
log "results: $results/results.md, raw rows: $results/rows.tsv, outputs: $results/*.out"
}
main "$@"
