#!/usr/bin/env bash
# The Mirai loader's echo upload over Telnet against `busytrap serve` (loopback-only network
# namespace; default profile, which has wget, but the loader's echo method is what is
# replayed): the preamble (enable/system/shell/sh, the ECCHI token, ps, /proc/mounts, the
# kami<dir> round trip, cp /bin/echo + truncate + chmod, the ELF of /bin/echo), then the dropper
# as `echo -ne '\xNN…' > dvrHelper` / `>> dvrHelper` lines of 128 bytes, then `./dvrHelper`.
# Checks every reply the loader relies on, and that the dropper was rebuilt byte for byte:
# stored under its SHA-256 (computed by sha256sum) in the downloads dir and logged as
# cowrie.session.file_download (no url, built by redirect+append, captured when executed).
source "$(dirname "$0")/lib/honeypot.sh"

mkdir -p "$WORK/downloads"
python3 - "$WORK" <<'PY'
import random, sys
work = sys.argv[1]
random.seed(7)
# An ARM ELF header, then every byte value (0x00, 0xFF = IAC, quotes, backslash, CR, LF) and noise.
dropper = bytes.fromhex("7f454c46010101000000000000000000" "02002800010000000000000000000000")
dropper += bytes(range(256)) + bytes(random.randrange(256) for _ in range(2000))
open(f"{work}/dropper", "wb").write(dropper)
lines = [
    "enable", "system", "shell", "sh",
    "/bin/busybox ECCHI",
    "/bin/busybox ps; /bin/busybox ECCHI",
    "/bin/busybox cat /proc/mounts; /bin/busybox ECCHI",
    "/bin/busybox echo -e '\\x6b\\x61\\x6d\\x69/tmp' > /tmp/.nippon; /bin/busybox cat /tmp/.nippon; /bin/busybox rm /tmp/.nippon",
    "cd /tmp/",
    "/bin/busybox cp /bin/echo dvrHelper; >dvrHelper; /bin/busybox chmod 777 dvrHelper; /bin/busybox ECCHI",
    "/bin/busybox cat /bin/echo; /bin/busybox ECCHI",
]
for off in range(0, len(dropper), 128):
    chunk = "".join("\\x%02x" % b for b in dropper[off:off + 128])
    lines.append("/bin/busybox echo -ne '%s' %s dvrHelper; /bin/busybox ECCHI" % (chunk, ">" if off == 0 else ">>"))
lines.append("./dvrHelper telnet.arm; /bin/busybox IHCCE")
open(f"{work}/lines", "w").write("\n".join(lines) + "\n")
PY

start_honeypot --no-delays --set 'auth.rules=*:*' --set "log.downloads_dir=$WORK/downloads"
python3 "$TOOLS/shell_client.py" "$PORT" root xc3511 <"$WORK/lines" >"$WORK/replies" \
  || fail "telnet dialogue: $(tail -c 300 "$WORK/replies")"
stop_honeypot

sha=$(sha256sum "$WORK/dropper" | cut -d' ' -f1)
python3 - "$WORK/replies" "$LOG" "$sha" <<'PY' || fail "loader replies or events"
import json, sys
replies = [json.loads(l) for l in open(sys.argv[1])]
token = "ECCHI: applet not found\n"
by_line = {r["line"]: r["output"] for r in replies}
assert replies[4]["output"] == token, replies[4]
assert replies[5]["output"].startswith("  PID USER       VSZ STAT COMMAND\n") and replies[5]["output"].endswith(token)
assert replies[6]["output"].startswith("rootfs / rootfs") or "/ " in replies[6]["output"], replies[6]
assert replies[7]["output"] == "kami/tmp\n", replies[7]
assert replies[9]["output"] == token, replies[9]
echo = replies[10]["output"].encode("latin-1")
assert echo.startswith(b"\x7fELF\x01\x01") and echo[18] == 40 and echo.endswith(token.encode()), echo[:20]
chunks = [r for r in replies if r["line"].startswith("/bin/busybox echo -ne")]
assert len(chunks) == 18 and all(r["output"] == token for r in chunks), [r["output"] for r in chunks if r["output"] != token][:2]
assert replies[-1]["output"] == "IHCCE: applet not found\n", replies[-1]
events = [json.loads(l) for l in open(sys.argv[2])]
got = [e for e in events if e["eventid"] == "cowrie.session.file_download"]
mine = [e for e in got if e["shasum"] == sys.argv[3]]
assert len(mine) == 1, [(e["shasum"], e.get("destfile")) for e in got]
e = mine[0]
assert e["destfile"] == "/tmp/dvrHelper" and "url" not in e, e
assert e["captured_when"] == "executed" and e["built_by"].startswith("redirect+append"), e
assert e["size"] == 2288, e
print("ok")
PY
cmp "$WORK/dropper" "$WORK/downloads/$sha" || fail "stored dropper differs from the original"
echo "serve_mirai_echo_loader: ok"
