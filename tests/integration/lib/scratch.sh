# Shared set-up of the integration tests that do not start the honeypot (sourced, not run by
# CTest): strict mode, the built program in $BUSYTRAP (required), a scratch directory $work
# removed on exit, $sample = the bundled real Cowrie log (under $BUSYTRAP_SHARED_DIR, when set),
# and `fail MESSAGE`, which ends the test with exit 1.
set -euo pipefail
: "${BUSYTRAP:?BUSYTRAP must name the built busytrap program}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample="${BUSYTRAP_SHARED_DIR:-/nonexistent}/data/real/honeylist-cowrie-2019-07-08.json"
fail() { echo "FAIL: $*" >&2; exit 1; }
