#!/usr/bin/env bash
# The server's life: configuration errors exit 2 with a clear message; --check-config prints
# the effective configuration; several listeners (IPv4 and IPv6, each with its profile); SIGHUP
# reopens the log after an external rotation; SIGTERM with open sessions logs their closing and
# exits 0; as root, --user drops privileges after binding port 23.
source "$(dirname "$0")/lib/honeypot.sh"

# Configuration errors: exit status 2 and the offending key named.
status=0; "$BUSYTRAP" serve --set limits.nope=1 2>"$WORK/err" || status=$?
[ "$status" -eq 2 ] && grep -q "limits.nope" "$WORK/err" || fail "unknown --set key: $status $(cat "$WORK/err")"
printf '[limits]\nidle_timeout = "soon"\n' >"$WORK/bad.toml"
status=0; "$BUSYTRAP" serve --config "$WORK/bad.toml" 2>"$WORK/err" || status=$?
[ "$status" -eq 2 ] && grep -q "idle_timeout must be an integer" "$WORK/err" || fail "bad value: $(cat "$WORK/err")"
status=0; BUSYTRAP_HONEYPOT_DELAYS=perhaps "$BUSYTRAP" serve 2>"$WORK/err" || status=$?
[ "$status" -eq 2 ] && grep -q "BUSYTRAP_HONEYPOT_DELAYS" "$WORK/err" || fail "bad env: $(cat "$WORK/err")"
status=0; "$BUSYTRAP" serve --listen "localhost:23" 2>"$WORK/err" || status=$?
[ "$status" -eq 2 ] || fail "bad listen address accepted"
# --check-config: file < environment < flags, printed as TOML that reads back.
printf '[limits]\nidle_timeout = 30\nlogin_timeout = 40\n' >"$WORK/good.toml"
BUSYTRAP_LIMITS_LOGIN_TIMEOUT=50 "$BUSYTRAP" serve --config "$WORK/good.toml" \
  --set limits.max_sessions=7 --check-config >"$WORK/effective.toml" 2>"$WORK/err" \
  || fail "--check-config: $(cat "$WORK/err")"
grep -q "idle_timeout = 30" "$WORK/effective.toml" && grep -q "login_timeout = 50" "$WORK/effective.toml" \
  && grep -q "max_sessions = 7" "$WORK/effective.toml" || fail "effective config: $(cat "$WORK/effective.toml")"
"$BUSYTRAP" serve --config "$WORK/effective.toml" --check-config >/dev/null 2>&1 \
  || fail "printed configuration does not read back"

# A listener asking for a profile that does not exist is refused before anything listens.
status=0
"$BUSYTRAP" serve --listen "127.0.0.1:$PORT@no-such-device" --log "$WORK/unknown.json" \
  --set log.sqlite= >/dev/null 2>"$WORK/unknown.err" || status=$?
[ "$status" = 2 ] && grep -q "no device profile 'no-such-device' (loaded: hisilicon-dvr, mips-be-router" \
  "$WORK/unknown.err" || fail "unknown profile: status $status, $(cat "$WORK/unknown.err")"

# Two listeners: IPv4 and IPv6 with a profile; a session on each.
start_honeypot --no-delays --listen "[::1]:$PORT@mips-be-router"
grep -q "\[::1\]:$PORT (profile mips-be-router)" "$WORK/serve.out" || fail "IPv6 listener not announced: $(cat "$WORK/serve.out")"
python3 - "$PORT" <<'PY' || fail "IPv4 + IPv6 sessions"
import socket, sys
port = int(sys.argv[1])
held = []
for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    s = socket.socket(family)
    s.settimeout(10)
    s.connect((host, port))
    buf = b""
    while not buf.endswith(b"login: "):
        buf += s.recv(4096)
    s.sendall(b"root\r\nxc3511\r\n")
    while not buf.endswith(b"# "):
        buf += s.recv(4096)
    held.append(s)
s = held[0]
s.sendall(b"echo one\r\n")
PY
# SIGHUP after an external rotation: the next events go to a new file at the same path.
mv "$LOG" "$LOG.1"
kill -HUP "$HONEYPOT_PID"
sleep 0.3
python3 - "$PORT" <<'PY' || fail "session after SIGHUP"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
buf = b""
while not buf.endswith(b"login: "):
    buf += s.recv(4096)
s.close()
PY
# SIGTERM while sessions are open: exit 0, every session closed in the log.
python3 - "$PORT" >"$WORK/held.out" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
buf = b""
while not buf.endswith(b"login: "):
    buf += s.recv(4096)
s.sendall(b"root\r\nxc3511\r\n")
while not buf.endswith(b"# "):
    buf += s.recv(4096)
print("logged in", flush=True)
s.settimeout(20)
print("closed by server" if s.recv(4096) == b"" else "data", flush=True)
PY
holder=$!
for _ in $(seq 50); do grep -q "logged in" "$WORK/held.out" && break; sleep 0.1; done
stop_honeypot
wait "$holder"
grep -q "closed by server" "$WORK/held.out" || fail "held session not closed at SIGTERM"
grep -q "closing 1 sessions" "$WORK/serve.err" || fail "SIGTERM message: $(cat "$WORK/serve.err")"
python3 - "$LOG" "$LOG.1" "$TOOLS" <<'PY' || fail "event log check"
import sys
sys.path.insert(0, sys.argv[3])
from eventlog import load, sessions, check, run
def main():
    before = load(sys.argv[2], src_ip=None)
    after = load(sys.argv[1])
    check(any(e["eventid"] == "cowrie.session.connect" for e in after), "nothing after SIGHUP")
    by_ip = {e["src_ip"] for e in before if e["eventid"] == "cowrie.session.connect"}
    check(by_ip == {"127.0.0.1", "::1"}, "IPv4 and IPv6 sessions", by_ip)
    everything = before + after
    for sid, group in sessions(everything).items():
        ids = [e["eventid"] for e in group]
        check(ids[0] == "cowrie.session.connect" and ids[-1] == "cowrie.session.closed",
              "session %s not closed in the log" % sid, ids)
    shutdown = [e for e in after if e["eventid"] == "cowrie.session.closed" and "server shutdown" in e["message"]]
    check(len(shutdown) == 1, "one session closed by the shutdown", shutdown)
    print("lifecycle log OK")
run(main)
PY

# As root: bind port 23, then run as nobody.
if [ "$(id -u)" -eq 0 ]; then
  PORT=23
  chmod 711 "$WORK"
  mkdir -m 777 "$WORK/nobody"
  LOG="$WORK/nobody/busytrap.json"
  TTYLOG="$WORK/nobody/tty"
  start_honeypot --no-delays --user nobody
  user=$(ps -o user= -p "$HONEYPOT_PID" | tr -d ' ')
  [ "$user" = "nobody" ] || fail "--user nobody: process runs as '$user'"
  python3 "$TOOLS/mirai_scanner.py" 127.0.0.1 23 root:xc3511 >/dev/null || fail "port 23 as nobody"
  stop_honeypot
  [ "$(stat -c %U "$LOG")" = "nobody" ] || fail "the log was not created as nobody"
fi
echo "serve_lifecycle OK"
