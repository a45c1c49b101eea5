#!/usr/bin/env bash
# The analyzer's ratio targets, measured in rounds: each round runs tables-only and `--intel` on
# the JSON log (in alternating order from one round to the next), then the text log and
# `grep -c CMD` on it, and prints both ratios of that round (wall time; this VM's speed drifts
# between minutes, so a ratio is only taken within a round). Ends with the medians.
#   issue 5: --intel throughput >= 70 % of tables-only   (ratio = tables-only s / --intel s)
#   issue 2: text log within 1.5x of `grep -c CMD`       (ratio = busytrap s / grep s)
#
#   bash bench/target_rounds.sh JSON_LOG TEXT_LOG [ROUNDS]    (ROUNDS default 6)
#
# The files are the ones bench/run.sh generates (bench/out/week-*.json and .log). grep writes its
# count to a file: with its output on /dev/null, GNU grep stops at the first match.
# Environment: BUSYTRAP [build/release/busytrap].
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BUSYTRAP=${BUSYTRAP:-$here/../build/release/busytrap}
json=${1:?usage: target_rounds.sh JSON_LOG TEXT_LOG [ROUNDS]}
text=${2:?usage: target_rounds.sh JSON_LOG TEXT_LOG [ROUNDS]}
rounds=${3:-6}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Wall s, user s, sys s, peak RSS KB of one run.
timed() { /usr/bin/time -f "%e %U %S %M" "$@" 2>&1 >"$scratch/out" | tail -n 1; }
analyze() { timed "$BUSYTRAP" analyze --no-progress "$@"; }

# Both files into the page cache first: a round must not pay for reading the disk.
cat "$json" "$text" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
for round in $(seq "$rounds"); do
  if [ $((round % 2)) = 1 ]; then
    tables=$(analyze "$json"); intel=$(analyze --intel "$json")
  else
    intel=$(analyze --intel "$json"); tables=$(analyze "$json")
  fi
  log=$(analyze "$text")
  grep=$(timed grep -c CMD "$text")
  echo "$round|$tables|$intel|$log|$grep"
done | awk -F'|' '
  function field(s, i,  a) { split(s, a, " "); return a[i] }
  {
    t = field($2, 1); i = field($3, 1); x = field($4, 1); g = field($5, 1)
    intel_ratio[NR] = 100 * t / i; text_ratio[NR] = x / g
    printf "round %d: tables-only %.2f s (%.2f+%.2f CPU, %d MB) | --intel %.2f s (%.2f+%.2f CPU, %d MB): %.0f %% | text %.2f s (%.2f+%.2f CPU, %d MB) | grep %.2f s: %.2fx\n",
      $1, t, field($2, 2), field($2, 3), field($2, 4) / 1024, i, field($3, 2), field($3, 3), field($3, 4) / 1024,
      intel_ratio[NR], x, field($4, 2), field($4, 3), field($4, 4) / 1024, g, text_ratio[NR]
  }
  function median(a, n,  i, j, v, s) {
    for (i = 1; i <= n; i++) s[i] = a[i]
    for (i = 2; i <= n; i++) { v = s[i]; for (j = i - 1; j >= 1 && s[j] > v; j--) s[j + 1] = s[j]; s[j + 1] = v }
    return n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
  }
  END {
    printf "medians: --intel at %.0f %% of tables-only (target >= 70 %%); text log at %.2fx grep (target <= 1.5x)\n",
      median(intel_ratio, NR), median(text_ratio, NR)
  }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
