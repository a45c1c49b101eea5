# Shared set-up of the serve_*.sh integration tests (sourced, not run by CTest).
# - Re-executes the calling script in a new network namespace with only loopback up, so the
#   honeypot and the test clients can reach nothing but 127.0.0.1 and ::1.
# - start_honeypot ARGS...: starts `busytrap serve` on 127.0.0.1:$PORT with a fresh log in
#   $WORK, waits until it listens; stop_honeypot: SIGTERM, waits, checks exit status 0.
# Every script is bounded in time by `timeout` around itself.
set -euo pipefail

if [ -z "${BUSYTRAP_IN_NETNS:-}" ]; then
  export BUSYTRAP_IN_NETNS=1
  exec timeout --kill-after=5 "${BUSYTRAP_TEST_TIMEOUT:-240}" unshare --net bash "$0" "$@"
fi
ip link set lo up

: "${BUSYTRAP:?BUSYTRAP must name the built busytrap program}"
: "${BUSYTRAP_SOURCE_DIR:?BUSYTRAP_SOURCE_DIR must name the checkout}"
TOOLS="$BUSYTRAP_SOURCE_DIR/tests/tools"
WORK=$(mktemp -d /tmp/busytrap-test.XXXXXX)
PORT=2323
LOG="$WORK/busytrap.json"
HONEYPOT_PID=""
# Whether $BUSYTRAP is the sanitizer build (make test-asan): its memory use is ASan's (shadow
# memory, a 256 MB quarantine), and LeakSanitizer cannot check a process that is ptrace'd.
sanitized_build() { grep -aq "AddressSanitizer" "$BUSYTRAP"; }
SQLITE=""   # set to a path to switch the SQLite sink on
TTYLOG="$WORK/tty"

cleanup() {
  if [ -n "$HONEYPOT_PID" ] && kill -0 "$HONEYPOT_PID" 2>/dev/null; then
    kill -KILL "$HONEYPOT_PID" 2>/dev/null || true
  fi
  [ -n "${KEEP_WORK:-}" ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  if [ -f "$WORK/serve.err" ]; then echo "--- serve stderr:" >&2; tail -20 "$WORK/serve.err" >&2; fi
  exit 1
}

start_honeypot() {
  "$BUSYTRAP" serve --listen "127.0.0.1:$PORT" --log "$LOG" --set "log.sqlite=$SQLITE" \
    --ttylog-dir "$TTYLOG" --set log.fsync=never "$@" >"$WORK/serve.out" 2>"$WORK/serve.err" &
  HONEYPOT_PID=$!
  local i
  for i in $(seq 100); do
    grep -q "listening on" "$WORK/serve.out" 2>/dev/null && return 0
    kill -0 "$HONEYPOT_PID" 2>/dev/null || fail "busytrap serve exited at start"
    sleep 0.1
  done
  fail "honeypot did not start listening within 10 s"
}

stop_honeypot() {
  kill -TERM "$HONEYPOT_PID"
  local status=0
  wait "$HONEYPOT_PID" || status=$?
  HONEYPOT_PID=""
  [ "$status" -eq 0 ] || fail "busytrap serve exited with status $status after SIGTERM"
}

# check_event_log <<'PY' ... PY: runs the Python check on stdin with sys.argv[1] = $LOG and the
# test tools (eventlog.py) importable; a failing check fails the test.
check_event_log() { PYTHONPATH="$TOOLS${PYTHONPATH:+:$PYTHONPATH}" python3 - "$LOG" || fail "event log check"; }
