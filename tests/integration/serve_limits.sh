#!/usr/bin/env bash
# Every limit: per-IP cap, total cap, idle timeout, login timeout, oversized line, bytes in —
# each hit is logged (busytrap.limit with the limit's name and value) and closes only that
# connection. Then 1,000 simultaneous sessions from one test while a Mirai client still gets
# served.
source "$(dirname "$0")/lib/honeypot.sh"

start_honeypot --no-delays --set limits.max_sessions_per_ip=3 --set limits.max_sessions=5 \
  --set limits.idle_timeout=2 --set limits.login_timeout=3 --set limits.max_line_length=64 \
  --set limits.max_bytes_in=4096

python3 - "$PORT" >"$WORK/limits.out" 2>&1 <<'PY' || fail "limits: $(cat "$WORK/limits.out")"
import socket, sys, time
port = int(sys.argv[1])

def connect(source="127.0.0.1"):
    s = socket.socket()
    s.settimeout(10)
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s

def read_until(s, want):
    buf = b""
    while want not in buf:
        data = s.recv(4096)
        assert data, "closed before %r: %r" % (want, buf)
        buf += data
    return buf

def closed_within(s, seconds):
    """True if the server closes `s` within `seconds` (data before the close is discarded)."""
    s.settimeout(seconds)
    start = time.monotonic()
    try:
        while s.recv(4096):
            pass
        return time.monotonic() - start
    except socket.timeout:
        return None

# Per-IP cap: the 4th connection from 127.0.0.1 is closed without a byte.
held = [connect() for _ in range(3)]
for s in held:
    read_until(s, b"login: ")
fourth = connect()
assert fourth.recv(4096) == b"", "4th connection from one IP was served"
# Total cap: 2 more from 127.0.0.2 fill it (5), the 3rd from there is refused.
other = [connect("127.0.0.2") for _ in range(2)]
for s in other:
    read_until(s, b"login: ")
sixth = connect("127.0.0.2")
assert sixth.recv(4096) == b"", "connection over max_sessions was served"
# The held sessions are still served.
held[0].sendall(b"root\r\n")
read_until(held[0], b"Password: ")
for s in held + other + [fourth, sixth]:
    s.close()
time.sleep(0.3)

# Oversized line (limit 64): closed at once.
s = connect(); read_until(s, b"login: ")
s.sendall(b"A" * 100)
assert closed_within(s, 2) is not None, "oversized line did not close"
# Bytes in (limit 4096): many empty lines (each only re-prompts, as login does).
s = connect(); read_until(s, b"login: ")
try:
    for _ in range(3000):
        s.sendall(b"\r\n")
except OSError:
    pass
assert closed_within(s, 2) is not None, "max_bytes_in did not close"
# Idle (2 s): nothing typed.
s = connect(); read_until(s, b"login: ")
t = closed_within(s, 5)
assert t is not None and 1.5 < t < 3.5, "idle timeout took %r" % t
# Login timeout (3 s) while typing (so never idle).
s = connect(); read_until(s, b"login: ")
start = time.monotonic()
s.settimeout(0.4)
closed = None
while time.monotonic() - start < 6:
    try:
        time.sleep(0.3)
        s.sendall(b"r\x7f")  # typed and erased: never idle, line never grows
        if s.recv(4096) == b"":
            closed = time.monotonic() - start
            break
    except socket.timeout:
        continue
    except OSError:
        closed = time.monotonic() - start
        break
assert closed is not None and 2.5 < closed < 4.5, "login timeout took %r" % closed
print("limits enforced")
PY

stop_honeypot

check_event_log <<'PY'
import sys
import json
from eventlog import sessions, fields, of, check, run
def main():
    events = [json.loads(l) for l in open(sys.argv[1], "rb")]
    limits = [(e["limit"], e["value"]) for e in events if e["eventid"] == "busytrap.limit"]
    want = [("max_sessions_per_ip", 3), ("max_sessions", 5), ("max_line_length", 64),
            ("max_bytes_in", 4096), ("idle_timeout", 2), ("login_timeout", 3)]
    check(limits == want, "limit events", limits)
    for session_events in sessions(events).values():
        ids = [e["eventid"] for e in session_events]
        check(ids[0] == "cowrie.session.connect" and ids[-1] == "cowrie.session.closed",
              "session not opened and closed", ids)
        if "busytrap.limit" in ids:
            check(ids[-2] == "busytrap.limit", "limit not last before closing", ids)
            limit = of(session_events, "busytrap.limit")[0]
            fields(limit, limit=str, value=int, message=str)
    print("limit events OK")
run(main)
PY

# Session length and bytes out, on a second server.
LOG="$WORK/length.json"
start_honeypot --no-delays --set limits.max_session_length=2 --set limits.max_bytes_out=2048
python3 - "$PORT" >"$WORK/length.out" 2>&1 <<'PY' || fail "length/bytes out: $(cat "$WORK/length.out")"
import socket, sys, time
port = int(sys.argv[1])
def session():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    buf = b""
    for want, reply in ((b"login: ", b"root\r\n"), (b"Password: ", b"xc3511\r\n"), (b"# ", None)):
        while not buf.endswith(want):
            data = s.recv(4096)
            assert data, buf
            buf += data
        if reply:
            s.sendall(reply)
    return s
# A busy session (a command every 0.3 s) is still closed at max_session_length.
s = session()
start = time.monotonic()
s.settimeout(0.3)
while True:
    try:
        s.sendall(b"echo x\r\n")
        if s.recv(4096) == b"":
            break
    except socket.timeout:
        pass
    except OSError:
        break
    assert time.monotonic() - start < 5, "max_session_length not enforced"
    time.sleep(0.3)
took = time.monotonic() - start
assert 1.0 < took < 3.5, took
# Output over max_bytes_out (the echo of a long line and its output) closes the session.
s = session()
try:
    for _ in range(3):
        s.sendall(b"echo " + b"A" * 1000 + b"\r\n")
        time.sleep(0.1)
except OSError:
    pass
s.settimeout(3)
while s.recv(65536):
    pass
print("length and bytes out enforced")
PY
stop_honeypot
limits=$(jq -r 'select(.eventid=="busytrap.limit") | "\(.limit)=\(.value)"' "$LOG" | tr '\n' ' ')
[ "$limits" = "max_session_length=2 max_bytes_out=2048 " ] || fail "limit events: '$limits'"

# 1,000 simultaneous sessions from this one test.
ulimit -n 4096
LOG="$WORK/flood.json"
start_honeypot --no-delays --set limits.max_sessions_per_ip=2000 --set limits.max_sessions=2000
python3 "$TOOLS/flood.py" 127.0.0.1 "$PORT" 1000 "$HONEYPOT_PID" >"$WORK/flood.out" \
  || fail "1,000 sessions: $(cat "$WORK/flood.out")"
cat "$WORK/flood.out"
stop_honeypot
closed=$(grep -c '"cowrie.session.closed"' "$LOG")
[ "$closed" -eq 1001 ] || fail "expected 1001 session.closed events after the flood, got $closed"
echo "serve_limits OK"
