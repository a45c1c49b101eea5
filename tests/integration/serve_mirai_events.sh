#!/usr/bin/env bash
# The Mirai scanner's whole dialogue against `busytrap serve`, with realistic login delays, and
# every event type of a Telnet session checked field by field in the JSON log: session.connect,
# telnet.option, client.size, client.var (TTYPE and NEW-ENVIRON), login.failed, login.success,
# session.params, command.input/failed/success, log.closed (with its asciicast transcript),
# session.closed — and the same events in the SQLite database.
source "$(dirname "$0")/lib/honeypot.sh"

SQLITE="$WORK/busytrap.sqlite"

start_honeypot --set honeypot.login_failed_delay_min=0.3 --set honeypot.login_failed_delay_max=0.6

# 1. Mirai: a wrong pair first (it must see "ncorrect" after the delay), then one of its table.
python3 "$TOOLS/mirai_scanner.py" 127.0.0.1 "$PORT" root:nope admin:admin >"$WORK/mirai.out" \
  || { cat "$WORK/mirai.out"; fail "the Mirai scanner did not get 'MIRAI: applet not found'"; }

# 2. A client that offers TTYPE and NEW-ENVIRON (the server asks for them), then fails three
#    logins: BusyBox login closes the connection after the third.
python3 - "$PORT" >"$WORK/env.out" 2>&1 <<'PY' || fail "NEW-ENVIRON/three-failures client: $(cat "$WORK/env.out")"
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
def read_until(want):
    buf = b""
    while want not in buf:
        data = s.recv(4096)
        if not data:
            raise SystemExit("closed before %r: %r" % (want, buf))
        buf += data
    return buf
read_until(b"login: ")
s.sendall(b"\xff\xfb\x18\xff\xfb\x27")              # WILL TTYPE, WILL NEW-ENVIRON
asked = read_until(b"\xff\xfa\x27\x01\xff\xf0")      # SB NEW-ENVIRON SEND
assert b"\xff\xfa\x18\x01\xff\xf0" in asked, asked   # SB TTYPE SEND
s.sendall(b"\xff\xfa\x18\x00XTERM-256COLOR\xff\xf0")
s.sendall(b"\xff\xfa\x27\x00\x00USER\x01admin\x03LANG\x01C\xff\xf0")
for password in (b"a", b"b", b"c"):
    s.sendall(b"admin\r\n")
    read_until(b"Password: ")
    s.sendall(password + b"\r\n")
    read_until(b"Login incorrect\r\n")
rest = b""
while True:
    data = s.recv(4096)
    if not data:
        break
    rest += data
assert b"login:" not in rest, rest
print("closed after three failures")
PY

stop_honeypot

python3 - "$LOG" "$WORK/mirai.out" "$TOOLS" "$SQLITE" <<'PY' || fail "event log check"
import hashlib, json, os, sqlite3, sys
sys.path.insert(0, sys.argv[3])
from eventlog import load, sessions, fields, of, check, run

def main():
    events = load(sys.argv[1])
    mirai = [json.loads(l) for l in open(sys.argv[2])]
    check(mirai[0]["result"] == "failed", "first Mirai attempt should fail", mirai)
    check(mirai[0]["seconds_to_incorrect"] >= 0.3, "Login incorrect came without delay", mirai)
    check(mirai[1]["result"] == "success", "second Mirai attempt should succeed", mirai)
    groups = list(sessions(events).values())
    check(len(groups) == 3, "expected 3 sessions", len(groups))
    for group in groups:
        fields(group[0], eventid="cowrie.session.connect", src_port=int, dst_ip="127.0.0.1",
               dst_port=2323, protocol="telnet")
        fields(group[-1], eventid="cowrie.session.closed", duration_ms=int)
        check(group[-1]["duration_ms"] >= 0, "negative duration", group[-1])
    failed, success, env = groups
    # Mirai's answers to the opening, as the scanner sends them.
    options = [(e["command"], e["option_name"], e["option_byte"]) for e in of(success, "cowrie.telnet.option")]
    check(options == [("WONT", "ECHO", 1), ("WILL", "NAWS", 31), ("DO", "ECHO", 1), ("DO", "SGA", 3)],
          "telnet options", options)
    fields(of(success, "cowrie.client.size")[0], width=80, height=24)
    fields(of(failed, "cowrie.login.failed")[0], username="root", password="nope")
    check(not of(failed, "cowrie.session.params"), "params without login", failed)
    fields(of(success, "cowrie.login.success")[0], username="admin", password="admin")
    fields(of(success, "cowrie.session.params")[0], arch="linux-arm-lsb")
    inputs = [e["input"] for e in of(success, "cowrie.command.input")]
    check(inputs == ["enable", "system", "shell", "sh", "/bin/busybox MIRAI"], "inputs", inputs)
    for e in of(success, "cowrie.command.input"):
        check(e["message"] == "CMD: " + e["input"], "input message", e)
    failed_cmds = [e["input"] for e in of(success, "cowrie.command.failed")]
    check(failed_cmds == ["enable", "system", "shell"], "failed", failed_cmds)
    check([e["input"] for e in of(success, "cowrie.command.success")] == ["sh", "/bin/busybox MIRAI"], "success", success)
    order = [e["eventid"] for e in success]
    check(order.index("cowrie.login.success") < order.index("cowrie.session.params")
          < order.index("cowrie.command.input"), "event order", order)
    variables = [(e["name"], e["value"]) for e in of(env, "cowrie.client.var")]
    check(variables == [("TERM", "XTERM-256COLOR"), ("USER", "admin"), ("LANG", "C")],
          "client.var", variables)
    check(len(of(env, "cowrie.login.failed")) == 3, "three failed logins", env)
    # The transcript of the logged-in session, and only of that one.
    check(not of(failed, "cowrie.log.closed") and not of(env, "cowrie.log.closed"),
          "transcript without login", failed)
    closed = success[-2]
    fields(closed, eventid="cowrie.log.closed", ttylog=str, size=int, shasum=str, duplicate=False,
           duration_ms=int)
    data = open(closed["ttylog"], "rb").read()
    check(len(data) == closed["size"], "ttylog size", len(data), closed["size"])
    check(hashlib.sha256(data).hexdigest() == closed["shasum"], "ttylog shasum", closed)
    lines = [json.loads(l) for l in data.decode().splitlines()]
    fields(lines[0], version=2, width=80, height=24)
    output = "".join(l[2] for l in lines[1:] if l[1] == "o")
    typed = [l[2] for l in lines[1:] if l[1] == "i"]
    check("MIRAI: applet not found\r\n" in output, "transcript output", output)
    check(typed[:2] == ["enable\r\n", "system\r\n"], "transcript input", typed)
    # SQLite: every JSON line, and Cowrie's tables.
    db = sqlite3.connect(sys.argv[4])
    check(db.execute("select count(*) from events").fetchone()[0] == len(events), "sqlite events")
    auth = db.execute("select username, password, success from auth order by id").fetchall()
    check(auth[:2] == [("root", "nope", 0), ("admin", "admin", 1)] and len(auth) == 5, "auth", auth)
    check(db.execute("select count(*) from ttylog").fetchone()[0] == 1, "sqlite ttylog")
    print("events OK: %d events in %d sessions" % (len(events), len(groups)))

run(main)
PY

# The log reads back through the analyzer unchanged: one session walks the paper's opening.
"$BUSYTRAP" analyze -f json --top 0 "$LOG" > "$WORK/tables.json" || fail "analyze could not read the honeypot's log"
jq -e '.totals.skipped_lines == 0 and .totals.records == 5 and .totals.sessions_with_commands == 1' \
  "$WORK/tables.json" >/dev/null || fail "analyze totals: $(jq -c .totals "$WORK/tables.json")"
jq -e '.sequences.paper_openings.rows[0].count == 1 and
       .sequences.whole.rows[0].key == "enable\u21d2system\u21d2shell\u21d2sh\u21d2/bin/busybox MIRAI"' \
  "$WORK/tables.json" >/dev/null || fail "analyze sequence: $(jq -c .sequences.whole "$WORK/tables.json")"
echo "analyze read the log back"
