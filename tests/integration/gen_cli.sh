#!/usr/bin/env bash
# `busytrap gen` end to end through the real program and real tools (jq, awk, cmp):
# determinism, exact record count, valid JSON, ordered timestamps, family markers, the text
# log carrying the same records per session as the JSON, and hostile options rejected.
source "$(dirname "$0")/lib/scratch.sh"

records=6000
"$BUSYTRAP" gen --records "$records" --seed 42 -o "$work/a.json"
"$BUSYTRAP" gen --records "$records" --seed 42 > "$work/b.json"
cmp -s "$work/a.json" "$work/b.json" || fail "same seed, -o and stdout: different bytes"
"$BUSYTRAP" gen --records "$records" --seed 43 -o "$work/c.json"
! cmp -s "$work/a.json" "$work/c.json" || fail "different seeds gave identical output"

# Every line is one valid JSON object.
lines=$(wc -l < "$work/a.json")
objects=$(jq -c . "$work/a.json" | wc -l) || fail "jq rejects the JSON"
[ "$lines" -eq "$objects" ] || fail "$lines lines but $objects JSON objects"
[ "$(tail -c 1 "$work/a.json" | od -An -c | tr -d ' ')" = '\n' ] || fail "last line not terminated"

# Exactly --records command.input records, timestamps non-decreasing in the default week.
count=$(jq -r 'select(.eventid == "cowrie.command.input") | .eventid' "$work/a.json" | wc -l)
[ "$count" -eq "$records" ] || fail "$count command.input records, wanted $records"
jq -r .timestamp "$work/a.json" | LC_ALL=C sort -c || fail "timestamps go backwards"
first=$(head -n 1 "$work/a.json" | jq -r .timestamp)
last=$(tail -n 1 "$work/a.json" | jq -r .timestamp)
[[ "$first" == 2017-09-01T* ]] || fail "first timestamp $first"
[[ "$last" > 2017-09-07T12 && "$last" < 2017-09-08T00:00:00.000001 ]] || fail "last timestamp $last"

# Each family's marker lines.
for marker in '"input":"/bin/busybox BAT"' '"input":"/bin/busybox ECCHI"' '/bin/busybox MIRAI\u0000' \
  '> /dev/.nippon; /bin/busybox cat /dev/.nippon' '\\x6b\\x61\\x6d\\x69' "echo -ne '\\\\x7f\\\\x45\\\\x4c\\\\x46" \
  '>> upnp; /bin/busybox' 'cd /tmp || cd /var/run || cd /mnt || cd /root || cd /; wget http://' \
  'sh tftp1.sh' 'ftpget' 'cat .s || cp /bin/echo .s; /bin/busybox' '"protocol":"ssh"' \
  '"eventid":"cowrie.client.kex"' '"eventid":"cowrie.login.failed"' '"eventid":"cowrie.command.failed"'; do
  grep -qF -- "$marker" "$work/a.json" || fail "marker missing: $marker"
done

# The text log: same records, same order within each session. Sessions are numbered by their
# first command; JSON keys them by session id, the text log by [Transport,N,IP] until
# "Connection lost".
"$BUSYTRAP" gen --records "$records" --seed 42 --format cowrie-text -o "$work/t.log"
jq -r 'select(.eventid == "cowrie.command.input") | .session + "\t" + (.input | gsub("\n"; "\\n"))' \
  "$work/a.json" |
  awk -F'\t' '{ if (!($1 in ord)) ord[$1] = n++; print ord[$1] "\t" substr($0, length($1) + 2) }' \
  > "$work/json.records"
awk '
  function flush() { if (have) print rec; have = 0 }
  /^\t/ { rec = rec "\\n" substr($0, 2); next }
  {
    flush()
    rest = substr($0, index($0, " [") + 2); cut = index(rest, "] ")
    key = substr(rest, 1, cut - 1); msg = substr(rest, cut + 2)
    if (substr(msg, 1, 5) == "CMD: ") {
      if (!(key in ord)) ord[key] = n++
      rec = ord[key] "\t" substr(msg, 6); have = 1
    } else if (substr(msg, 1, 22) == "Connection lost after ") {
      delete ord[key]
    }
  }
  END { flush() }' "$work/t.log" > "$work/text.records"
[ "$(wc -l < "$work/text.records")" -eq "$records" ] || fail "text log has $(wc -l < "$work/text.records") CMD records"
cmp -s "$work/json.records" "$work/text.records" || fail "text and JSON records differ"
grep -q $'^\t' "$work/t.log" || fail "no continuation line (multi-line command) in the text log"
connects=$(grep -c '] New connection: ' "$work/t.log")
losts=$(grep -c '] Connection lost after [0-9]* seconds$' "$work/t.log")
[ "$connects" -eq "$losts" ] || fail "$connects connections but $losts 'Connection lost'"

# 2017-era JSON: no protocol, the transport in "system".
"$BUSYTRAP" gen --records 500 --cowrie-version 2017 -o "$work/old.json"
[ "$(jq -r 'select(has("protocol"))' "$work/old.json" | wc -l)" -eq 0 ] || fail "2017 JSON has protocol"
jq -r 'select(.eventid == "cowrie.command.input") | .system' "$work/old.json" |
  grep -qvE '^(CowrieTelnetTransport|HoneyPotSSHTransport),[0-9]+,[0-9.]+$' && fail "bad system field"

# Hostile options: exit status 2 and a message naming the option.
expect_usage_error() {
  local option=$1; shift
  local status=0
  "$BUSYTRAP" gen "$@" > "$work/out" 2> "$work/err" || status=$?
  [ "$status" -eq 2 ] || fail "gen $* exited $status, wanted 2"
  grep -qF -- "$option" "$work/err" || fail "gen $*: message does not name $option: $(cat "$work/err")"
  [ ! -s "$work/out" ] || fail "gen $* wrote output"
}
expect_usage_error --records --records -1
expect_usage_error --records --records=abc
expect_usage_error --days --days 0
expect_usage_error --days --days -3
expect_usage_error --start --start 2017-02-30x
expect_usage_error --start --start yesterday
expect_usage_error --format --format xml
expect_usage_error --concurrency --concurrency 0

status=0
"$BUSYTRAP" gen --records 10 -o "$work/no/such/dir/x.json" 2> "$work/err" || status=$?
[ "$status" -eq 1 ] || fail "unwritable output exited $status, wanted 1"
grep -q 'cannot open' "$work/err" || fail "no message for unwritable output"
if [ -w /dev/full ]; then
  status=0
  "$BUSYTRAP" gen --records 100000 -o /dev/full 2> "$work/err" || status=$?
  [ "$status" -eq 1 ] || fail "full disk exited $status, wanted 1"
fi

# Constant memory: twenty times the records, no more memory (nothing grows per event).
if [ -x /usr/bin/time ]; then
  rss() { /usr/bin/time -f %M "$BUSYTRAP" gen --records "$1" -o /dev/null 2>&1 >/dev/null | tail -n 1; }
  small=$(rss 10000)
  large=$(rss 200000)
  [ "$large" -le $((small + 4096)) ] || fail "memory grows with the output: ${small} KB -> ${large} KB"
fi

help=$("$BUSYTRAP" gen --help)
for section in EXAMPLES EXIT --records --seed --start --days --format --concurrency --cowrie-version; do
  grep -q -- "$section" <<< "$help" || fail "--help lacks $section"
done
echo "gen_cli: all checks passed"
