#!/usr/bin/env bash
# Hostile bytes at every stage (before the negotiation, in the user name, in sub-negotiations,
# IAC AYT, unterminated SB, binary input): no case may stop the honeypot from serving other
# clients, and the log must stay valid JSON that keeps the bytes received.
source "$(dirname "$0")/lib/honeypot.sh"

start_honeypot --no-delays --set limits.max_telnet_events=64
python3 "$TOOLS/hostile.py" 127.0.0.1 "$PORT" >"$WORK/hostile.out" 2>&1 \
  || fail "$(cat "$WORK/hostile.out")"
cat "$WORK/hostile.out"
kill -0 "$HONEYPOT_PID" || fail "the honeypot died"
stop_honeypot

check_event_log <<'PY'
import sys
from eventlog import load, sessions, fields, of, check, run

def main():
    events = load(sys.argv[1])           # every line valid JSON with the shared fields
    groups = list(sessions(events).values())
    for group in groups:
        check(group[0]["eventid"] == "cowrie.session.connect", "no connect first", group[0])
        check(group[-1]["eventid"] == "cowrie.session.closed", "no close last", group[-1])
    failed = [e for e in events if e["eventid"] == "cowrie.login.failed"]
    binary = [e for e in failed if e["username"].startswith("r\x00o")]
    check(binary, "the binary user name was not logged", failed)
    # 0xFF (sent as IAC IAC) and invalid UTF-8 are kept as \udcXX escapes.
    fields(binary[0], username="r\x00o\udcffot\x1b[31m\udcc3(\udcfe", password="\udc80\udc81\udcfe")
    limits = [e for e in events if e["eventid"] == "busytrap.limit"]
    check(any(e["limit"] == "max_telnet_events" and e["value"] == 64 for e in limits),
          "max_telnet_events not reported", limits)
    options = [e for e in events if e["eventid"] == "cowrie.telnet.option"]
    per_session = {}
    for e in options:
        per_session[e["session"]] = per_session.get(e["session"], 0) + 1
    check(max(per_session.values()) <= 64, "option events not bounded", max(per_session.values()))
    inputs = [e["input"] for e in events if e["eventid"] == "cowrie.command.input"]
    check("/bin/busybox X" in inputs, "AYT inside a command broke the command", inputs)
    print("hostile log OK: %d events, %d sessions" % (len(events), len(groups)))

run(main)
PY
