#!/usr/bin/env bash
# `busytrap replay` end to end: plays a hand-written asciicast (binary bytes as \udcXX),
# shows input only with --input, rejects malformed files with exit 1 and a clear message,
# usage errors with exit 2, and documents itself in --help.
source "$(dirname "$0")/lib/scratch.sh"

cat > "$work/session.cast" <<'CAST'
{"version": 2, "width": 80, "height": 24, "timestamp": 1562579846, "env": {"SHELL": "/bin/sh", "TERM": "vt100"}}
[0.100000, "o", "\r\nlogin: "]
[0.200000, "i", "root\r\n"]
[0.300000, "o", "\u007fELF\u0001\udcff\udc80 caf\u00e9 \u65e5\r\n# "]
[0.400000, "m", "a marker"]
[0.500000, "i", "exit\r\n"]
CAST

"$BUSYTRAP" replay --no-wait "$work/session.cast" > "$work/out" 2> "$work/err"
printf '\r\nlogin: \177ELF\001\377\200 caf\303\251 \346\227\245\r\n# ' > "$work/expected"
cmp "$work/out" "$work/expected" || fail "output differs from the recorded bytes"
grep -q 'a marker' "$work/err" || fail "marker not shown on stderr"

"$BUSYTRAP" replay --raw --input "$work/session.cast" > "$work/out" 2>/dev/null
printf '\r\nlogin: root\r\n\177ELF\001\377\200 caf\303\251 \346\227\245\r\n# exit\r\n' > "$work/expected"
cmp "$work/out" "$work/expected" || fail "--input output differs"

# Timing: 0.5 s of recording at --speed 5 takes about 0.1 s, not 0.
start=$(date +%s%N)
"$BUSYTRAP" replay --speed 5 "$work/session.cast" > /dev/null 2>&1
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
(( elapsed_ms >= 50 && elapsed_ms < 3000 )) || fail "timed replay took ${elapsed_ms} ms"

expect_malformed() {  # name, content
  printf '%s' "$2" > "$work/$1.cast"
  set +e
  "$BUSYTRAP" replay --no-wait "$work/$1.cast" > "$work/out" 2> "$work/err"
  local rc=$?
  set -e
  [[ $rc -eq 1 ]] || fail "$1: exit $rc, expected 1"
  grep -q "busytrap replay: .*$1.cast: not a valid asciicast v2 transcript: " "$work/err" || fail "$1: unclear error: $(cat "$work/err")"
  [[ ! -s "$work/out" ]] || fail "$1: played part of a malformed file"
}
expect_malformed empty ''
expect_malformed not-json $'hello\n'
expect_malformed version1 $'{"version": 1, "width": 80, "height": 24}\n[0.1, "o", "x"]\n'
expect_malformed short-event $'{"version": 2, "width": 80, "height": 24}\n[0.1, "o"]\n'
expect_malformed bad-time $'{"version": 2, "width": 80, "height": 24}\n["soon", "o", "x"]\n'
expect_malformed bad-escape $'{"version": 2, "width": 80, "height": 24}\n[0.1, "o", "\\x41"]\n'
expect_malformed truncated-line $'{"version": 2, "width": 80, "height": 24}\n[0.1, "o", "x"]\n[0.2, "o", "y'
head -c 4096 /dev/urandom > "$work/random.cast"
set +e; "$BUSYTRAP" replay --no-wait "$work/random.cast" > /dev/null 2>&1; rc=$?; set -e
[[ $rc -eq 1 ]] || fail "random bytes: exit $rc"

set +e; "$BUSYTRAP" replay --no-wait "$work/missing.cast" 2> "$work/err"; rc=$?; set -e
[[ $rc -eq 1 ]] && grep -q 'No such file' "$work/err" || fail "missing file: exit $rc"
set +e; "$BUSYTRAP" replay --speed 0 "$work/session.cast" 2>/dev/null; rc=$?; set -e
[[ $rc -eq 2 ]] || fail "--speed 0: exit $rc, expected 2"

help=$("$BUSYTRAP" replay --help)
for section in EXAMPLES FILES 'EXIT STATUS' --speed --max-wait --no-wait --input; do
  grep -q -- "$section" <<< "$help" || fail "--help lacks $section"
done
echo "replay_cli: ok"
