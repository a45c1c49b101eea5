#!/usr/bin/env bash
# The honeypot under load: runs bench/telnet_load.cpp (busytrap_telnet_load) against
# `busytrap serve` inside a loopback-only network namespace and writes the figures that
# docs/BENCHMARKS.md ("Honeypot under load") records:
#   1. idle     LOAD_IDLE logged-in sessions held open at once: server RSS per idle session
#               and in total (target: 10,000 sessions <= 256 MB); transcripts off in this phase
#   2. scanner  LOAD_SESSIONS Mirai scanner dialogues (enable, system, shell, sh, /bin/busybox
#               MIRAI): sessions/s, p50/p99 reply latency, server CPU per session
#   3. loader   LOAD_SESSIONS Mirai echo-loader dialogues (ECCHI, ps, mounts, .nippon, dvrHelper,
#               LOAD_CHUNKS x 128-byte echo -ne chunks, IHCCE): the same figures (targets:
#               >= 3,000 sessions/s, p99 <= 5 ms)
#   3b. loader-full  LOAD_FULL_SESSIONS [LOAD_SESSIONS/10] loader dialogues that also
#               `cat /bin/echo` as the real loader does (the whole ~800 KB BusyBox binary)
#   3c. sweep   the loader dialogues again at each concurrency of LOAD_SWEEP [2 4 8 16]
#               (LOAD_SESSIONS/2 sessions each): how reply latency grows with the sessions in
#               flight while the sessions/s stay near the machine's limit
#   4. lost     every command the loader run sent is in the JSON log exactly once, in order,
#               in a session of its own (no event lost or doubled)
#   5. floor    the loader dialogues against bench/loopback_floor.cpp instead of busytrap: a
#               server that only answers what the generator waits for (no shell, no log). Its
#               CPU per session plus the generator's is what the machine pays whatever the
#               honeypot does: 1000 * cores / (server + client ms per session) bounds sessions/s.
# The server runs with --no-delays (every deliberate device delay off), logs JSON lines and
# transcripts (SQLite off unless LOAD_SQLITE=1), fsync "interval".
#
#   bash bench/load.sh                 full run (~1-2 minutes)
#   LOAD_QUICK=1 bash bench/load.sh    smoke run (1,000 idle, 2,000 sessions)
#
# Environment [defaults]: BUSYTRAP [build/release/busytrap], LOAD_TOOL
# [build/release/bench/busytrap_telnet_load], LOAD_FLOOR [build/release/bench/busytrap_loopback_floor], LOAD_OUT [bench/out/load], LOAD_IDLE [10000],
# LOAD_SESSIONS [5000], LOAD_CONCURRENCY [32], LOAD_SWEEP [2 4 8 16], LOAD_CHUNKS [8], LOAD_THREADS [0 = one per
# core], LOAD_SQLITE [0], LOAD_SERVER_THREADS [1] (the server's server.threads).
# Output: $LOAD_OUT/{idle,scanner,loader,loader-full,floor,sweep-cN}.json (one JSON object each, see telnet_load.cpp),
# $LOAD_OUT/summary.txt (with the load average before and after), the logs of each run.
# Bounded: each phase has its own time limit and the whole script runs under `timeout`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [ -z "${BUSYTRAP_LOAD_IN_NETNS:-}" ]; then
  export BUSYTRAP_LOAD_IN_NETNS=1
  exec timeout --kill-after=10 900 unshare --net bash "$0" "$@"
fi
ip link set lo up
# Per-namespace TCP settings: many short connections from a few source addresses.
sysctl -q -w net.ipv4.ip_local_port_range="1024 65000" net.ipv4.tcp_tw_reuse=1 \
  net.core.somaxconn=8192 net.ipv4.tcp_max_syn_backlog=8192 >/dev/null || true
# As many descriptors as allowed (this machine's hard limit is 20,000: each logged-in session
# holds its socket and, with transcripts on, its .cast file).
ulimit -n "$(ulimit -Hn)"

BUSYTRAP=${BUSYTRAP:-$root/build/release/busytrap}
LOAD_TOOL=${LOAD_TOOL:-$root/build/release/bench/busytrap_telnet_load}
LOAD_FLOOR=${LOAD_FLOOR:-$root/build/release/bench/busytrap_loopback_floor}
out=${LOAD_OUT:-$here/out/load}
if [ "${LOAD_QUICK:-0}" = 1 ]; then idle=${LOAD_IDLE:-1000}; sessions=${LOAD_SESSIONS:-2000}
else idle=${LOAD_IDLE:-10000}; sessions=${LOAD_SESSIONS:-5000}; fi
full_sessions=${LOAD_FULL_SESSIONS:-$((sessions / 10))}
concurrency=${LOAD_CONCURRENCY:-32}
sweep=${LOAD_SWEEP-2 4 8 16}
chunks=${LOAD_CHUNKS:-8}
threads=${LOAD_THREADS:-0}
server_threads=${LOAD_SERVER_THREADS:-1}
sqlite=""
[ "${LOAD_SQLITE:-0}" = 1 ] && sqlite="$out/run/busytrap.sqlite"
for f in "$BUSYTRAP" "$LOAD_TOOL" "$LOAD_FLOOR"; do
  [ -x "$f" ] || { echo "load: $f is not built (cmake --build --preset release)" >&2; exit 1; }
done
# Files of the previous run are deleted at the end of a run, not before: on ext4 (without a
# journal, as here) creating a file scans past every inode of its group freed in the last 1-6
# minutes ("recently_deleted"), so deleting ~15,000 transcripts just before the phases made each
# new transcript's open() cost ~1 ms — an artifact a honeypot, which never deletes, does not pay.
# Phases do not delete each other's transcripts for the same reason. Runs back to back may still
# pay some of it: leave a few minutes between runs.
rm -rf "$out/run.old"
[ -d "$out/run" ] && mv "$out/run" "$out/run.old"
mkdir -p "$out/run"
port=2323
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

start_server() {  # NAME [TTYLOG_DIR]: log to $out/run/NAME.json
  local name=$1 tty=${2-$out/run/tty-$1}
  "$BUSYTRAP" serve --listen "127.0.0.1:$port" --no-delays --log "$out/run/$name.json" \
    --set "log.sqlite=$sqlite" --set "log.ttylog_dir=$tty" --set log.downloads_dir= \
    --set limits.max_sessions=20000 --set limits.max_sessions_per_ip=20000 \
    --set "server.threads=$server_threads" \
    >"$out/run/$name.serve.out" 2>"$out/run/$name.serve.err" &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q "listening on" "$out/run/$name.serve.out" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "load: the server did not start" >&2; cat "$out/run/$name.serve.err" >&2; exit 1
}

load() { cut -d' ' -f1-3 /proc/loadavg; }
summary="$out/summary.txt"
{
  echo "busytrap load run, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before: $(load)"
  echo "server: $BUSYTRAP serve --no-delays (JSON log + transcripts$([ -n "$sqlite" ] && echo " + SQLite"), fsync interval, $server_threads network thread(s))"
} >"$summary"

status=0
# 1. idle sessions (transcripts off: 10,000 sessions with a .cast file each would need more
#    descriptors than the hard limit allows)
start_server idle ""
"$LOAD_TOOL" --mode idle --sessions "$idle" --threads "$threads" --server-pid "$server_pid" \
  --max-seconds 120 --hold-seconds 3 >"$out/idle.json" 2>"$out/run/idle.err" || status=1
echo "idle:    $(cat "$out/idle.json")" >>"$summary"
stop_server

# 2./3. scanner and loader dialogues; loader-full adds `cat /bin/echo` (~800 KB each)
for phase in scanner loader loader-full; do
  start_server "$phase"
  mode=${phase%-full}
  n=$sessions
  extra=()
  [ "$phase" = loader ] && extra=(--chunks "$chunks" --commands-out "$out/run/loader.commands")
  [ "$phase" = loader-full ] && { extra=(--chunks "$chunks" --cat-echo 1); n=$full_sessions; }
  "$LOAD_TOOL" --mode "$mode" --sessions "$n" --concurrency "$concurrency" --threads "$threads" \
    --server-pid "$server_pid" --max-seconds 300 "${extra[@]}" >"$out/$phase.json" 2>"$out/run/$phase.err" \
    || status=1
  echo "$phase: $(cat "$out/$phase.json")  (load average after: $(load))" >>"$summary"
  stop_server
done

# 3c. the loader at lower concurrencies: sessions/s against reply latency
for c in $sweep; do
  start_server "sweep-c$c"
  "$LOAD_TOOL" --mode loader --sessions "$((sessions / 2))" --concurrency "$c" --threads "$threads" \
    --server-pid "$server_pid" --max-seconds 300 --chunks "$chunks" >"$out/sweep-c$c.json" \
    2>"$out/run/sweep-c$c.err" || status=1
  echo "sweep concurrency $c: $(cat "$out/sweep-c$c.json")  (load average after: $(load))" >>"$summary"
  stop_server
done

# 4. no event lost: the loader's commands, in the log, exactly once each and in order
python3 - "$out/run/loader.json" "$out/run/loader.commands" "$sessions" >>"$summary" 2>&1 <<'PY' || status=1
import json, sys
from collections import defaultdict
log, commands_file, sessions = sys.argv[1], sys.argv[2], int(sys.argv[3])
sent = open(commands_file, encoding="utf-8", errors="surrogateescape").read().split("\n")[:-1]
per_session = defaultdict(list)
closed = 0
for line in open(log, encoding="utf-8"):
    e = json.loads(line)
    if e["eventid"] == "cowrie.command.input":
        per_session[e["session"]].append(e["input"])
    elif e["eventid"] == "cowrie.session.closed":
        closed += 1
logged = sum(len(v) for v in per_session.values())
script = None
bad = 0
for inputs in per_session.values():
    if script is None:
        script = inputs
    if inputs != script:
        bad += 1
ok = logged == len(sent) and bad == 0 and len(per_session) == sessions and closed == sessions
print("lost:    commands sent %d, logged %d; sessions with commands %d (of %d), closed %d; "
      "sessions whose commands differ from the script %d -> %s"
      % (len(sent), logged, len(per_session), sessions, closed, bad, "OK" if ok else "EVENTS LOST"))
sys.exit(0 if ok else 1)
PY

# 5. the floor: the same loader dialogues against the cheapest server that can answer them
"$LOAD_FLOOR" --port "$port" --max-seconds 300 >"$out/run/floor.serve.out" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q "listening on" "$out/run/floor.serve.out" 2>/dev/null && break; sleep 0.1; done
"$LOAD_TOOL" --mode loader --sessions "$sessions" --concurrency "$concurrency" --threads "$threads" \
  --server-pid "$server_pid" --max-seconds 300 --chunks "$chunks" >"$out/floor.json" 2>"$out/run/floor.err" \
  || status=1
echo "floor:   $(cat "$out/floor.json")  (load average after: $(load))" >>"$summary"
stop_server
python3 - "$out" "$(nproc)" >>"$summary" <<'PY'
import json, sys
out, cores = sys.argv[1], int(sys.argv[2])
for phase in ("loader", "floor"):
    r = json.load(open("%s/%s.json" % (out, phase)))
    both = r["server_cpu_ms_per_session"] + r["client_cpu_ms_per_session"]
    print("%-7s  server %.3f + generator %.3f = %.3f CPU ms per session: at most %.0f sessions/s on %d cores"
          % (phase + ":", r["server_cpu_ms_per_session"], r["client_cpu_ms_per_session"], both, 1000 * cores / both, cores))
PY
echo "load average after: $(load)" >>"$summary"
rm -rf "$out/run.old"
cat "$summary"
exit $status
