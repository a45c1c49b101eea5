#!/usr/bin/env bash
# `busytrap analyze` on a log that changes while it reads: appended to (a live honeypot log),
# truncated and rewritten (logrotate copytruncate), replaced by rename, and a settled (mapped)
# file truncated under the reader. Never a crash (no exit by a signal such as SIGBUS); exit 0
# with sensible counts and a warning, or — only for a mapped file cut under the reader — exit 1
# with a clear message. Bounded: each writer runs a few seconds, each analyze is timed out.
set -euo pipefail
: "${BUSYTRAP:?}"
work=$(mktemp -d)
writer=""
trap '[ -n "$writer" ] && kill "$writer" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$BUSYTRAP" gen --records 20000 --seed 7 -o "$work/base.json"
base_records=$("$BUSYTRAP" analyze -f json "$work/base.json" | jq .totals.records)
[ "$base_records" -eq 20000 ] || fail "base log: $base_records records"
base_bytes=$(stat -c %s "$work/base.json")

# One analyze run: prints "STATUS RECORDS" (status of analyze, or of timeout: 128+N for a
# signal) and keeps its stderr in $work/err.last.
analyze() {
  local status=0 records
  timeout 60 "$BUSYTRAP" analyze -f json "$1" >"$work/out.last" 2>"$work/err.last" || status=$?
  records=$(jq -r '.totals.records // "none"' "$work/out.last" 2>/dev/null || true)
  echo "$status ${records:-none}"
}
check_run() {  # STATUS RECORDS WHAT: never a signal; exit 0 with records, or 1 with the message
  local status=$1 records=$2 what=$3
  [ "$status" -lt 128 ] || fail "$what: analyze died by signal $((status - 128)): $(cat "$work/err.last")"
  if [ "$status" -ne 0 ]; then
    grep -q "truncated while it was being read" "$work/err.last" \
      || fail "$what: exit $status without a clear message: $(cat "$work/err.last")"
  else
    [ "$records" != none ] || fail "$what: no report"
  fi
}

# 1. Appended to while read: counts grow, a partial last line is skipped with a warning.
cp "$work/base.json" "$work/live.json"
python3 - "$work/base.json" "$work/live.json" 2 <<'PY' &
import sys, time
lines = open(sys.argv[1], "rb").read().splitlines(keepends=True)
end = time.monotonic() + float(sys.argv[3])
with open(sys.argv[2], "ab", buffering=0) as out:
    i = 0
    while time.monotonic() < end:
        line = lines[i % len(lines)]
        out.write(line[: len(line) // 2]); time.sleep(0.0005); out.write(line[len(line) // 2 :])
        i += 1
PY
writer=$!
previous=0
for _ in 1 2 3; do
  sleep 0.3
  read -r status records < <(analyze "$work/live.json")
  check_run "$status" "$records" "appended"
  [ "$status" -eq 0 ] || fail "appended file: exit $status"
  [ "$records" -ge "$previous" ] && [ "$records" -ge 20000 ] || fail "appended: $records records after $previous"
  previous=$records
done
wait "$writer"; writer=""
echo '{"eventid":"cowrie.command.input","input":"cut sho' >> "$work/live.json"
read -r status records < <(analyze "$work/live.json")
[ "$status" -eq 0 ] || fail "partial last line: exit $status"
grep -q "skipped 1 malformed line" "$work/err.last" || fail "partial last line not warned: $(cat "$work/err.last")"
echo "appended: counts grew to $records records; partial last line skipped with a warning"

# 2. Truncated and rewritten in place (copytruncate) while read.
cp "$work/base.json" "$work/rotated.json"
python3 - "$work/base.json" "$work/rotated.json" 2 <<'PY' &
import os, sys, time
data = open(sys.argv[1], "rb").read()
end = time.monotonic() + float(sys.argv[3])
while time.monotonic() < end:
    with open(sys.argv[2], "r+b") as f:
        f.truncate(0)
        open(sys.argv[2] + ".started", "w").close()
        for i in range(0, len(data), 1 << 20):
            f.write(data[i : i + (1 << 20)])
            time.sleep(0.002)
PY
writer=$!
for _ in $(seq 200); do [ -e "$work/rotated.json.started" ] && break; sleep 0.05; done
truncated_warnings=0
for _ in 1 2 3 4; do
  sleep 0.2
  read -r status records < <(analyze "$work/rotated.json")
  check_run "$status" "$records" "truncated"
  # Read, not mapped (it is being written). The reader's offset survives the truncation, so
  # it may read into the next rewrite: a few files' worth at most in these 2 s.
  [ "$status" -eq 0 ] || fail "truncated live file: exit $status: $(cat "$work/err.last")"
  [ "$records" -le 100000 ] || fail "truncated: $records records"
  grep -q "truncated while it was being read" "$work/err.last" && truncated_warnings=$((truncated_warnings + 1))
done
wait "$writer"; writer=""
echo "truncated: 4 runs, no crash, $truncated_warnings warned of a truncation"

# 3. Replaced by rename while read: each run reads one whole file.
cp "$work/base.json" "$work/replaced.json"
python3 - "$work/base.json" "$work/replaced.json" 2 <<'PY' &
import os, shutil, sys, time
end = time.monotonic() + float(sys.argv[3])
n = 0
while time.monotonic() < end:
    tmp = sys.argv[2] + ".tmp%d" % (n % 2)
    shutil.copyfile(sys.argv[1], tmp)
    os.rename(tmp, sys.argv[2])
    n += 1
PY
writer=$!
for _ in 1 2 3; do
  sleep 0.2
  read -r status records < <(analyze "$work/replaced.json")
  check_run "$status" "$records" "replaced"
  [ "$status" -eq 0 ] && [ "$records" -eq 20000 ] || fail "replaced: exit $status, $records records"
done
wait "$writer"; writer=""
echo "replaced: 3 runs, each counted the whole file"

# 4. A settled file (mapped) cut under the reader once it has mapped it: exit 0 (done before
#    the cut) or exit 1 with the clear message; never SIGBUS.
for i in 1 2 3 4; do cat "$work/base.json"; done > "$work/settled.json"
for attempt in 1 2; do
  cp "$work/settled.json" "$work/cut.json"
  touch -d '1 hour ago' "$work/cut.json"
  timeout -s KILL 60 "$BUSYTRAP" analyze -f json "$work/cut.json" >"$work/out.last" 2>"$work/err.last" &
  bounded=$!
  for _ in $(seq 1000); do
    analyzer=$(pgrep -P "$bounded" || true)
    [ -n "$analyzer" ] && grep -q cut.json "/proc/$analyzer/maps" 2>/dev/null && break
    sleep 0.005
  done
  truncate -s 1000 "$work/cut.json"
  status=0
  wait "$bounded" || status=$?
  records=$(jq -r '.totals.records // "none"' "$work/out.last" 2>/dev/null || true)
  check_run "$status" "${records:-none}" "mapped and cut"
  echo "mapped and cut (attempt $attempt): exit $status, records ${records:-none}"
done
echo "analyze_changing_input OK"
