#!/usr/bin/env bash
# The same records as Cowrie JSON, as Cowrie's text log, gzipped, and through stdin give
# identical tables; every output format is well-formed; errors give the documented exit codes.
source "$(dirname "$0")/lib/scratch.sh"
: "${BUSYTRAP_SOURCE_DIR:?}" "${BUSYTRAP_SHARED_DIR:?}"

python3 "$BUSYTRAP_SOURCE_DIR/tests/tools/cowrie_json_to_text.py" "$sample" "$work/cowrie.log"
cp "$sample" "$work/cowrie.json"
gzip -c "$sample" > "$work/cowrie.json.gz"
gzip -c "$work/cowrie.log" > "$work/log-as-gz.bin"   # gzip recognised by content, not name

tables() {  # the parts of the JSON report that must not depend on the input's form
  jq -S '{tables: .tables, sequences: .sequences,
          totals: (.totals | {records, command_lines, command_lines_with_program, sessions,
                              sessions_telnet, sessions_ssh, sessions_with_commands, sessions_with_programs})}'
}
"$BUSYTRAP" analyze -f json --top 0 "$work/cowrie.json" | tables > "$work/json.tables"
"$BUSYTRAP" analyze -f json --top 0 "$work/cowrie.log" | tables > "$work/text.tables"
"$BUSYTRAP" analyze -f json --top 0 "$work/cowrie.json.gz" | tables > "$work/gz.tables"
"$BUSYTRAP" analyze -f json --top 0 "$work/log-as-gz.bin" | tables > "$work/textgz.tables"
"$BUSYTRAP" analyze -f json --top 0 - < "$work/cowrie.json.gz" | tables > "$work/stdin.tables"
for form in text gz textgz stdin; do
  diff -u "$work/json.tables" "$work/$form.tables" || fail "tables from the $form form differ from JSON"
done
[ "$(jq '.totals.records' "$work/json.tables")" = 20 ] || fail "expected 20 records"
"$BUSYTRAP" analyze -f json "$work/cowrie.log" | jq -e '.inputs[0].format == "cowrie-text"' >/dev/null || fail "text format not detected"

# Every format renders; CSV has the documented header; Markdown has the tables.
"$BUSYTRAP" analyze "$sample" | grep -q "Table 1: most frequent command lines" || fail "table format"
"$BUSYTRAP" analyze -f csv "$sample" | head -1 | grep -qx "section,rank,key,count,share" || fail "csv header"
"$BUSYTRAP" analyze -f csv "$sample" | grep -q '^command_lines,1,/bin/busybox QSDWQ,4,' || fail "csv row"
"$BUSYTRAP" analyze -f tsv "$sample" | grep -qP '^program_names\t3\tcat\t4\t' || fail "tsv row"
"$BUSYTRAP" analyze -f md "$sample" | grep -q '^| 1 | /bin/busybox QSDWQ | 4 |' || fail "markdown row"
"$BUSYTRAP" analyze --paper "$sample" | grep -q "paper" || fail "paper layout"
"$BUSYTRAP" analyze --paper -f json "$sample" | jq -e '.layout == "paper" and (.tables.linux_programs.rows | length) == 6' >/dev/null || fail "paper json"

# Errors: missing input -> 1 with the name; bad option -> 2.
set +e
"$BUSYTRAP" analyze "$work/does-not-exist.json" 2> "$work/err"; code=$?
set -e
[ "$code" = 1 ] || fail "missing file exit code $code"
grep -q "does-not-exist.json" "$work/err" || fail "missing file not named"
set +e
"$BUSYTRAP" analyze --split nonsense "$sample" 2>/dev/null; code=$?
set -e
[ "$code" = 2 ] || fail "bad option exit code $code"

# Directories are read recursively, globs expanded, files ordered by first timestamp.
mkdir -p "$work/dir/sub"
cp "$sample" "$work/dir/sub/z.json"
"$BUSYTRAP" analyze -f json "$work/dir" | jq -e '.totals.records == 20' >/dev/null || fail "directory input"
"$BUSYTRAP" analyze -f json "$work/dir/*/*.json" | jq -e '.totals.records == 20' >/dev/null || fail "glob input"
echo "1 passed, 0 failed"

# The options a report names (options.flags) reproduce it when given back on the command line.
for given in "" "--top 7 --split shell --tree-width 2" "--fold-tokens --openings 2-3 --with credentials"; do
  # shellcheck disable=SC2086
  "$BUSYTRAP" analyze -f json $given "$work/cowrie.json" > "$work/first.json" || fail "analyze $given"
  flags=$(jq -r '.options.flags' "$work/first.json")
  # shellcheck disable=SC2086
  "$BUSYTRAP" analyze -f json $flags "$work/cowrie.json" > "$work/again.json" \
    || fail "the report's own flags are refused: $flags"
  diff <(jq -S 'del(.totals.seconds)' "$work/first.json") \
       <(jq -S 'del(.totals.seconds)' "$work/again.json") >/dev/null \
    || fail "flags '$flags' (from '$given') do not reproduce the report"
done
