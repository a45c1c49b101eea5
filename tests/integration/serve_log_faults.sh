#!/usr/bin/env bash
# The event log's file system fails (in a private mount namespace: a 64 KiB tmpfs that fills
# up, and a read-only one):
# - log.on_error = "continue" (default): the operator is told (stderr names the file and the
#   errno text), the honeypot keeps serving (a fresh session still logs in and runs commands),
#   the log keeps only whole lines, SIGTERM still exits 0 and reports the lost events.
# - log.on_error = "stop": a read-only log refuses to start (exit 1, clear message); a log that
#   fills up while serving stops the honeypot (exit 1, clear message) — nothing crashes.
if [ -z "${BUSYTRAP_IN_MOUNTNS:-}" ]; then
  export BUSYTRAP_IN_MOUNTNS=1
  exec unshare --mount --propagation private bash "$0" "$@"
fi
source "$(dirname "$0")/lib/honeypot.sh"

mkdir -p "$WORK/full" "$WORK/ro"
mount -t tmpfs -o size=64k tmpfs "$WORK/full"
mount -t tmpfs -o ro,size=64k tmpfs "$WORK/ro"
cleanup_mounts() { umount "$WORK/full" "$WORK/ro" 2>/dev/null || true; }
trap 'cleanup_mounts; cleanup' EXIT

one_session() {  # a Mirai scanner session must still work
  python3 "$TOOLS/mirai_scanner.py" 127.0.0.1 "$PORT" root:xc3511 >"$WORK/scanner.out" 2>&1 \
    || fail "$1: a fresh session was not served: $(cat "$WORK/scanner.out")"
}

# 1. Disk full, on_error = continue.
LOG="$WORK/full/busytrap.json"
start_honeypot --no-delays
python3 "$TOOLS/command_clients.py" "$PORT" 4 3 >"$WORK/fill.json" 2>&1 || fail "clients: $(cat "$WORK/fill.json")"
grep -q "event log $LOG: cannot write: No space left on device" "$WORK/serve.err" \
  || fail "no clear disk-full error: $(cat "$WORK/serve.err")"
one_session "disk full"
kill -0 "$HONEYPOT_PID" || fail "the honeypot stopped on a full disk"
stop_honeypot
grep -q "events could not be stored" "$WORK/serve.err" || fail "lost events not reported at exit"
python3 -c '
import json, sys
for line in open(sys.argv[1], "rb"):
    json.loads(line)
' "$LOG" || fail "the full log has a partial line"
echo "disk full: $(grep -c . "$LOG") whole lines kept; $(grep -o '[0-9]* events could not be stored' "$WORK/serve.err")"

# 2. Read-only log directory, on_error = continue: warned at start, serves.
LOG="$WORK/ro/busytrap.json"
start_honeypot --no-delays
grep -q "cannot write the event log $LOG: Read-only file system" "$WORK/serve.err" \
  || fail "no start-up warning for a read-only log: $(cat "$WORK/serve.err")"
one_session "read-only log"
stop_honeypot
grep -q "event log $LOG: cannot open: Read-only file system" "$WORK/serve.err" \
  || fail "no error when events were lost: $(cat "$WORK/serve.err")"
echo "read-only: warned at start and when events were lost; served"

# 3. on_error = stop: refuses to start on a read-only log ...
status=0
"$BUSYTRAP" serve --listen "127.0.0.1:$PORT" --log "$LOG" --set log.sqlite= --set log.on_error=stop \
  >"$WORK/stop.out" 2>"$WORK/stop.err" || status=$?
[ "$status" -eq 1 ] || fail "read-only log with on_error=stop: exit $status"
grep -q "cannot write the event log $LOG: Read-only file system" "$WORK/stop.err" \
  || fail "no clear message: $(cat "$WORK/stop.err")"
# ... and stops when the disk fills while serving.
rm -f "$WORK/full/busytrap.json"
LOG="$WORK/full/busytrap.json"
start_honeypot --no-delays --set log.on_error=stop
python3 "$TOOLS/command_clients.py" "$PORT" 4 8 >"$WORK/fill2.json" 2>&1 || true
for _ in $(seq 50); do kill -0 "$HONEYPOT_PID" 2>/dev/null || break; sleep 0.1; done
status=0
wait "$HONEYPOT_PID" || status=$?
HONEYPOT_PID=""
[ "$status" -eq 1 ] || fail "disk full with on_error=stop: exit status $status"
grep -q 'stopping: the event log cannot be written (log.on_error = "stop")' "$WORK/serve.err" \
  || fail "no clear stop message: $(cat "$WORK/serve.err")"
echo "on_error=stop: refused a read-only log at start, stopped (exit 1) when the disk filled"
echo "serve_log_faults OK"
