#!/usr/bin/env bash
# Do two builds of busytrap give the same analyses? Runs `busytrap analyze -f json` with both on
# each log and option set below, and compares the reports (sorted keys, the timing field
# totals.seconds removed), their standard error and exit status, and the `--db` dumps of the last
# log given. Prints SAME or DIFF per case; exits 1 on any DIFF.
#
#   bash bench/same_reports.sh OLD_BUSYTRAP NEW_BUSYTRAP LOG...
#
# Each log is analysed plain, with --protocol telnet, --protocol ssh, --split shell
# --fold-tokens, --intel and --intel --split shell --fold-tokens (set SKIP_INTEL=1 to leave the
# two --intel runs out, e.g. for multi-GB logs), then all logs at once.
set -uo pipefail
old=${1:?usage: same_reports.sh OLD NEW LOG...}
new=${2:?usage: same_reports.sh OLD NEW LOG...}
shift 2
[ $# -gt 0 ] || { echo "usage: same_reports.sh OLD NEW LOG..." >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=0

# compare NAME ARGS...: one case.
compare() {
  local name=$1 side status
  shift
  for side in old new; do
    local bin=$old
    [ $side = new ] && bin=$new
    "$bin" analyze --no-progress -f json -o "$scratch/$side.json" "$@" 2>"$scratch/$side.err"
    echo $? >"$scratch/$side.status"
    jq -S 'del(.totals.seconds)' "$scratch/$side.json" >"$scratch/$side.sorted" 2>/dev/null
  done
  if cmp -s "$scratch/old.sorted" "$scratch/new.sorted" && cmp -s "$scratch/old.err" "$scratch/new.err" &&
     cmp -s "$scratch/old.status" "$scratch/new.status"; then
    status=SAME
  else
    status=DIFF
    failed=1
  fi
  echo "$status $name"
}

for log in "$@"; do
  name=$(basename "$log")
  compare "$name" "$log"
  compare "$name --protocol telnet" --protocol telnet "$log"
  compare "$name --protocol ssh" --protocol ssh "$log"
  compare "$name --split shell --fold-tokens" --split shell --fold-tokens "$log"
  if [ -z "${SKIP_INTEL:-}" ]; then
    compare "$name --intel" --intel "$log"
    compare "$name --intel --split shell --fold-tokens" --intel --split shell --fold-tokens "$log"
  fi
done
[ $# -gt 1 ] && compare "all logs at once" "$@"

last=${*: -1}
"$old" analyze --no-progress -o /dev/null --db "$scratch/old.db" "$last" 2>/dev/null
"$new" analyze --no-progress -o /dev/null --db "$scratch/new.db" "$last" 2>/dev/null
if cmp -s <(sqlite3 "$scratch/old.db" .dump) <(sqlite3 "$scratch/new.db" .dump); then
  echo "SAME --db $(basename "$last")"
else
  echo "DIFF --db $(basename "$last")"
  failed=1
fi
exit $failed
