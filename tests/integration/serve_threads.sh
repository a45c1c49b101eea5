#!/usr/bin/env bash
# server.threads = 2: two network threads, each with its own listener on the same address
# (SO_REUSEPORT). The session limits stay global across them (exactly max_sessions and
# max_sessions_per_ip admitted, the rest refused and logged), sessions work on both threads, no
# event is lost or doubled, SIGTERM stops both threads and exits 0.
source "$(dirname "$0")/lib/honeypot.sh"

start_honeypot --no-delays --set server.threads=2 --set limits.max_sessions=40 \
  --set limits.max_sessions_per_ip=10
grep -q "network threads: 2" "$WORK/serve.out" || fail "not started with 2 network threads"
threads=$(ls "/proc/$HONEYPOT_PID/task" | wc -l)
[ "$threads" -ge 3 ] || fail "expected 2 network threads and a log writer, found $threads threads"

python3 - "$PORT" >"$WORK/limits.out" 2>&1 <<'PY' || fail "global limits: $(cat "$WORK/limits.out")"
import socket, sys, time
port = int(sys.argv[1])
def served(s):
    s.settimeout(5)
    buf = b""
    while not buf.endswith(b"login: "):
        data = s.recv(4096)
        if not data:
            return False
        buf += data
    return True
def connect(source):
    s = socket.socket()
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s
# Per IP: 15 from one address, 10 served (the kernel spreads them over both threads).
one_ip = [connect("127.0.0.9") for _ in range(15)]
per_ip = sum(served(s) for s in one_ip)
assert per_ip == 10, "max_sessions_per_ip=10 across 2 threads admitted %d of 15" % per_ip
# Total: 10 open + 40 more from 4 addresses (10 each) -> 30 served, 10 refused.
others = [connect("127.0.0.%d" % (20 + i // 10)) for i in range(40)]
total = sum(served(s) for s in others)
assert total == 30, "max_sessions=40 across 2 threads admitted %d more of 40 (10 open)" % total
for s in one_ip + others:
    s.close()
print("global limits held: %d of 15 per IP, %d of 40 more with 10 open" % (per_ip, total))
PY
cat "$WORK/limits.out"
sleep 0.5
python3 "$TOOLS/command_clients.py" "$PORT" 8 3 >"$WORK/clients.json" 2>&1 || fail "clients: $(cat "$WORK/clients.json")"
# Both network threads worked (and the log writer): CPU time (utime + stime) on 3 threads.
busy=0
for task in /proc/"$HONEYPOT_PID"/task/*; do
  ticks=$(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "$task/stat")
  [ "$ticks" -gt 0 ] && busy=$((busy + 1))
done
[ "$busy" -ge 3 ] || fail "only $busy threads did any work"
stop_honeypot
python3 - "$LOG" "$WORK/clients.json" <<'PY' || fail "event log check"
import json, sys
from collections import Counter
events = [json.loads(l) for l in open(sys.argv[1], "rb")]
result = json.load(open(sys.argv[2]))
refused = Counter(e["limit"] for e in events if e["eventid"] == "busytrap.limit")
assert refused == {"max_sessions_per_ip": 5, "max_sessions": 10}, refused
inputs = Counter(e["input"] for e in events if e["eventid"] == "cowrie.command.input")
acked = result["acknowledged"]
assert len(acked) > 50 and all(inputs[a] == 1 for a in acked) and sum(inputs.values()) == len(acked), \
    "commands %d, logged %d" % (len(acked), sum(inputs.values()))
connects = sum(1 for e in events if e["eventid"] == "cowrie.session.connect")
closes = sum(1 for e in events if e["eventid"] == "cowrie.session.closed")
assert connects == closes, (connects, closes)
print("2 threads: %d commands each logged once; %d sessions opened and closed; refused %s"
      % (len(acked), connects, dict(refused)))
PY
echo "serve_threads OK"
