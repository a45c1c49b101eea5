#!/usr/bin/env bash
# Faults while logging hard:
# 1. kill -9 of the server with log.fsync = "always" while 16 clients run commands: every line
#    of the JSON log but at most the last is whole JSON; every command whose reply a client
#    received (the server holds the reply until the command's event is written and fdatasync'd)
#    is in the log; `busytrap analyze` skips a partial final line with a warning.
# 2. SIGHUP rotation under load: the log is renamed and the server sent SIGHUP five times while
#    8 clients run commands; across the rotated files every command is there exactly once.
source "$(dirname "$0")/lib/honeypot.sh"

# 1. kill -9
start_honeypot --no-delays --set log.fsync=always
python3 "$TOOLS/command_clients.py" "$PORT" 16 20 >"$WORK/kill.json" 2>"$WORK/kill.err" &
clients=$!
sleep 3
kill -KILL "$HONEYPOT_PID"
wait "$HONEYPOT_PID" 2>/dev/null || true
HONEYPOT_PID=""
wait "$clients" || fail "clients: $(cat "$WORK/kill.json" "$WORK/kill.err")"
python3 - "$LOG" "$WORK/kill.json" <<'PY' || fail "after kill -9"
import json, sys
raw = open(sys.argv[1], "rb").read()
lines = raw.split(b"\n")
tail = lines.pop()  # b"" when the file ends with a line end
partial = 0 if tail == b"" else 1
inputs = set()
for line in lines:
    e = json.loads(line)  # every line before the last is whole
    if e["eventid"] == "cowrie.command.input":
        inputs.add(e["input"])
acked = json.load(open(sys.argv[2]))["acknowledged"]
missing = [a for a in acked if a not in inputs]
assert len(acked) > 100, "too little load: %d commands acknowledged" % len(acked)
assert not missing, "%d acknowledged commands are not in the log, e.g. %s" % (len(missing), missing[:3])
print("kill -9: %d lines, %d partial final line, %d acknowledged commands all in the log"
      % (len(lines), partial, len(acked)))
PY
# The analyzer skips a partial last line with a warning (made partial here if the kill did not).
[ -z "$(tail -c 1 "$LOG")" ] && printf '{"eventid":"cowrie.command.input","input":"echo cut' >> "$LOG"
"$BUSYTRAP" analyze -f json "$LOG" >"$WORK/analyze.json" 2>"$WORK/analyze.err" \
  || fail "analyze on the killed log: $(cat "$WORK/analyze.err")"
grep -q "skipped 1 malformed line" "$WORK/analyze.err" || fail "no warning: $(cat "$WORK/analyze.err")"
jq -e '.totals.skipped_lines == 1 and .totals.records > 100' "$WORK/analyze.json" >/dev/null \
  || fail "analyze counts: $(jq -c .totals "$WORK/analyze.json")"

# 2. SIGHUP rotation under load
LOG="$WORK/rotate/busytrap.json"
start_honeypot --no-delays
python3 "$TOOLS/command_clients.py" "$PORT" 8 30 "$WORK/stop" >"$WORK/rotate.json" 2>"$WORK/rotate.err" &
clients=$!
for _ in $(seq 100); do grep -q '"cowrie.command.input"' "$LOG" 2>/dev/null && break; sleep 0.1; done
for i in 1 2 3 4 5; do
  sleep 0.5
  mv "$LOG" "$LOG.$i"
  kill -HUP "$HONEYPOT_PID"
done
sleep 0.5
touch "$WORK/stop"
wait "$clients" || fail "clients: $(cat "$WORK/rotate.json" "$WORK/rotate.err")"
stop_honeypot
python3 - "$WORK/rotate.json" "$LOG" "$LOG".{1,2,3,4,5} <<'PY' || fail "rotation lost events"
import json, sys
from collections import Counter
result = json.load(open(sys.argv[1]))
counts = Counter()
per_file = []
for path in sys.argv[2:]:
    n = 0
    for line in open(path, "rb"):
        e = json.loads(line)
        if e["eventid"] == "cowrie.command.input":
            counts[e["input"]] += 1
            n += 1
    per_file.append(n)
acked = result["acknowledged"]
assert len(acked) == result["sent"], "sent %d, acknowledged %d" % (result["sent"], len(acked))
doubled = [k for k, v in counts.items() if v > 1]
missing = [a for a in acked if counts[a] == 0]
assert not doubled and not missing and sum(counts.values()) == len(acked), \
    "commands %d, logged %d, missing %s, doubled %s" % (len(acked), sum(counts.values()), missing[:3], doubled[:3])
assert sum(1 for n in per_file if n > 0) >= 3, "the rotation did not split the log: %s" % per_file
print("SIGHUP x5 under load: %d commands, each logged once, over files %s" % (len(acked), per_file))
PY
echo "serve_crash_rotation OK"
