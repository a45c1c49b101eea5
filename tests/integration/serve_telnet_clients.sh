#!/usr/bin/env bash
# Real third-party Telnet clients (inetutils `telnet` and `busybox telnet`), driven through a
# pseudo-terminal like a person typing: login, echo (the typed name is echoed by the server,
# the password is not), commands, exit. Then the commands in the log must be exactly the lines
# typed.
source "$(dirname "$0")/lib/honeypot.sh"

start_honeypot --no-delays

steps='[["expect","LocalHost login: "],["send","root\r"],["expect","Password: "],["send","wrongpass\r"],
 ["expect","Login incorrect"],["expect","LocalHost login: "],["send","root\r"],["expect","Password: "],
 ["send","xc3511\r"],["expect","# "],["send","echo hello busytrap\r"],["expect","hello busytrap"],
 ["expect","# "],["send","/bin/busybox FOO\r"],["expect","FOO: applet not found"],
 ["expect","# "],["send","enable\r"],["expect","sh: enable: not found"],["expect","# "],
 ["send","exit\r"],["expect_eof"]]'

for client in "telnet" "busybox telnet"; do
  name=${client// /-}
  # shellcheck disable=SC2086
  python3 "$TOOLS/pty_dialogue.py" "$WORK/$name.txt" "$steps" -- $client 127.0.0.1 "$PORT" \
    || fail "$client: dialogue failed"
  grep -aq "login: root" "$WORK/$name.txt" || fail "$client: the login name was not echoed"
  grep -aq "wrongpass\|xc3511" "$WORK/$name.txt" && fail "$client: a password was echoed"
  grep -aq "# echo hello busytrap" "$WORK/$name.txt" || fail "$client: the command was not echoed"
done

# A raw client whose lines arrive in pieces, the terminator up to a second later (as bots'
# credentials do): "ro" "ot" ... "\r" ... "\n", then the password with CR NUL.
python3 - "$PORT" >"$WORK/split.out" 2>&1 <<'PY' || fail "split lines: $(cat "$WORK/split.out")"
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
def read_until(want):
    buf = b""
    while not buf.endswith(want):
        data = s.recv(4096)
        assert data, buf
        buf += data
    return buf
read_until(b"login: ")
for piece, pause in ((b"ro", 0.5), (b"ot", 0.5), (b"\r", 1.0), (b"\n", 0.2)):
    s.sendall(piece)
    time.sleep(pause)
read_until(b"Password: ")
s.sendall(b"xc35")
time.sleep(0.5)
s.sendall(b"11\r\0")
read_until(b"# ")
s.sendall(b"exit\r\n")
PY

stop_honeypot

check_event_log <<'PY'
import sys
from eventlog import load, sessions, fields, of, check, run

def main():
    groups = list(sessions(load(sys.argv[1])).values())
    check(len(groups) == 3, "expected one session per client", len(groups))
    split = groups[2]
    fields(of(split, "cowrie.login.success")[0], username="root", password="xc3511")
    check([e["input"] for e in of(split, "cowrie.command.input")] == ["exit"], "split inputs", split)
    for group in groups[:2]:
        fields(of(group, "cowrie.login.failed")[0], username="root", password="wrongpass")
        fields(of(group, "cowrie.login.success")[0], username="root", password="xc3511")
        inputs = [e["input"] for e in of(group, "cowrie.command.input")]
        check(inputs == ["echo hello busytrap", "/bin/busybox FOO", "enable", "exit"], "inputs", inputs)
        check("cowrie.client.size" in [e["eventid"] for e in group], "no window size", group)
        fields(group[-1], eventid="cowrie.session.closed")
    print("telnet clients OK")

run(main)
PY
