#!/usr/bin/env bash
# Table 1 or 2 of the paper with jq + coreutils: jq extracts, sort | uniq -c counts, the
# stable numeric sort ranks (equal counts stay in byte order of the key, as busytrap ranks).
#
#   bench/paper_tables_jq.sh [-t 1|2] [-n TOP] LOG.json [LOG.json ...]
#
# Prints `uniq -c` lines ("  COUNT KEY"), the TOP (default 20) most frequent first.
set -euo pipefail
table=1
top=20
while getopts 't:n:' opt; do
  case "$opt" in
    t) table=$OPTARG ;;
    n) top=$OPTARG ;;
    *) echo "usage: $0 [-t 1|2] [-n TOP] LOG.json..." >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: $0 [-t 1|2] [-n TOP] LOG.json..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
jq -r --arg table "$table" -f "$here/paper_tables.jq" "$@" \
  | LC_ALL=C sort | uniq -c | LC_ALL=C sort -s -rn | sed -n "1,${top}p"  # reads all input: no SIGPIPE under pipefail
