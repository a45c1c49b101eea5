#!/usr/bin/env bash
# `busytrap analyze --intel`: credentials and sources of the real sample agree with jq's count of
# the same events, are the same from the JSON and the text log, show in every format, and leave
# the paper's tables untouched; bad --with names are usage errors.
source "$(dirname "$0")/lib/scratch.sh"
: "${BUSYTRAP_SOURCE_DIR:?}" "${BUSYTRAP_SHARED_DIR:?}"

"$BUSYTRAP" analyze --intel -f json --top 0 "$sample" > "$work/intel.json"
fig() { jq -r ".intel.figures.$1" "$work/intel.json"; }

# Figures against an independent count with jq.
logins=$(jq -c 'select(.eventid == "cowrie.login.success" or .eventid == "cowrie.login.failed")' "$sample" | wc -l)
[ "$(fig login_attempts)" = "$logins" ] || fail "login_attempts $(fig login_attempts) != $logins"
ips=$(jq -r 'select(.eventid == "cowrie.session.connect") | .src_ip' "$sample" | sort -u | wc -l)
[ "$(fig distinct_source_ips)" = "$ips" ] || fail "distinct_source_ips $(fig distinct_source_ips) != $ips"
top_ip=$(jq -r 'select(.eventid == "cowrie.session.connect") | .src_ip' "$sample" | sort | uniq -c | sort -k1,1nr -k2 | head -1 | awk '{print $2 " " $1}')
[ "$(jq -r '.intel.tables.sources_ips.rows[0] | "\(.key) \(.count)"' "$work/intel.json")" = "$top_ip" ] || fail "top source $top_ip"
top_pass=$(jq -r 'select(.eventid == "cowrie.login.success") | .password' "$sample" | sort | uniq -c | sort -k1,1nr | head -1 | awk '{print $2 " " $1}')
[ "$(jq -r '.intel.tables.credentials_passwords.rows[0] | "\(.key) \(.count)"' "$work/intel.json")" = "$top_pass" ] || fail "top password $top_pass"
# root:admin is in the Mirai table.
jq -e '.intel.tables.credentials_mirai_pairs.rows | map(.key) | index("root:admin") != null' "$work/intel.json" >/dev/null \
  || fail "root:admin not matched against the Mirai table"

# The text log gives the same intel.
python3 "$BUSYTRAP_SOURCE_DIR/tests/tools/cowrie_json_to_text.py" "$sample" "$work/cowrie.log"
# (Except the representative sessions' ids and first times: the text log names sessions by
# transport and has no connect event.)
same='.intel | .tables.sequence_groups.rows |= map(del(.session, .first_seen))
                | .tables.sequence_near_groups.rows |= map(del(.session, .first_seen))'
"$BUSYTRAP" analyze --intel -f json --top 0 "$work/cowrie.log" | jq -S "$same" > "$work/text.intel"
jq -S "$same" "$work/intel.json" | diff -u - "$work/text.intel" || fail "intel from the text log differs"

# The paper's tables do not change; without --intel there is no intel section.
"$BUSYTRAP" analyze -f json --top 0 "$sample" > "$work/plain.json"
jq -e 'has("intel") | not' "$work/plain.json" >/dev/null || fail "intel section without --intel"
diff <(jq -S '{tables, sequences}' "$work/plain.json") <(jq -S '{tables, sequences}' "$work/intel.json") \
  || fail "--intel changed the paper's tables"

# Every format shows it; --with picks analyses.
grep -q "^Most tried passwords" <("$BUSYTRAP" analyze --with credentials "$sample") || fail "table format"
grep -q "Source addresses" <("$BUSYTRAP" analyze --with credentials "$sample") && fail "--with credentials showed sources"
grep -q "^sources_networks,1,5.188.86.0/24," <("$BUSYTRAP" analyze --with sources -f csv "$sample") || fail "csv row"
grep -q "^intel,,distinct_source_ips,$ips," <("$BUSYTRAP" analyze --with sources -f csv "$sample") || fail "csv figure"
grep -q "^## Most tried user:password pairs" <("$BUSYTRAP" analyze --intel -f md "$sample") || fail "markdown"
"$BUSYTRAP" analyze --intel -f json "$sample" | jq -e '.options.flags | endswith("--with credentials,sources,indicators,sequences,families,time")' >/dev/null \
  || fail "options echo"

# Indicators on a generated log: every download event's URL is an indicator, in the CSV and
# the STIX bundle (valid JSON, deterministic: two runs give the same bytes).
"$BUSYTRAP" gen --records 3000 --seed 7 -o "$work/gen.json"
"$BUSYTRAP" analyze --with indicators --indicators-csv "$work/iocs.csv" --stix "$work/a.stix" -f json "$work/gen.json" > "$work/gen.report"
"$BUSYTRAP" analyze --stix "$work/b.stix" "$work/gen.json" > /dev/null
cmp -s "$work/a.stix" "$work/b.stix" || fail "STIX export is not deterministic"
head -1 "$work/iocs.csv" | grep -qx "type,value,first_seen,last_seen,occurrences,sessions,source_ips" || fail "csv header"
urls=$(jq -r 'select(.eventid | startswith("cowrie.session.file_download")) | .url' "$work/gen.json" | sort -u)
[ -n "$urls" ] || fail "the generated log has no download events"
for url in $urls; do
  grep -q "^url,$url," "$work/iocs.csv" || fail "$url missing from the CSV"
  jq -e --arg u "$url" '.objects | map(select(.type == "url" and .value == $u)) | length == 1' "$work/a.stix" >/dev/null \
    || fail "$url missing from the STIX bundle"
done
python3 - "$work/a.stix" <<'PY' || fail "STIX bundle is not well-formed"
import json, re, sys
bundle = json.load(open(sys.argv[1]))
assert bundle["type"] == "bundle" and bundle["id"].startswith("bundle--")
ids = {o["id"] for o in bundle["objects"]}
assert len(ids) == len(bundle["objects"]), "duplicate ids"
uuid = re.compile(r"^[a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
kinds = set()
for o in bundle["objects"]:
    assert uuid.match(o["id"]), o["id"]
    assert o["spec_version"] == "2.1"
    kinds.add(o["type"])
    if o["type"] == "indicator":
        assert o["pattern_type"] == "stix" and o["pattern"].startswith("[") and o["pattern"].endswith("]")
    if o["type"] == "observed-data":
        assert o["first_observed"] <= o["last_observed"] and o["number_observed"] >= 1
        assert all(ref in ids for ref in o["object_refs"])
assert {"indicator", "observed-data", "url"} <= kinds, kinds
PY
jq -e '.intel.figures.distinct_url > 0 and (.intel.tables.indicators_host.rows | length) > 0' "$work/gen.report" >/dev/null \
  || fail "indicator tables empty"

# Sequences: the Mirai scanner's opening shows as transitions, and they sum to the total.
"$BUSYTRAP" analyze --with sequences --top 0 -f json "$work/gen.json" > "$work/seq.json"
jq -e '.intel.tables.sequence_transitions | (.rows | map(.key) | index("enable \u21d2 system") != null)
       and ((.rows | map(.count) | add) == .total)' "$work/seq.json" >/dev/null || fail "sequence transitions"

# Families: the generated log's families are recognised; the real sample's .s sessions too.
"$BUSYTRAP" analyze --with families --top 0 -f json "$work/gen.json" > "$work/fam.json"
for family in mirai-scanner mirai-loader bat-loader gafgyt hajime-s-loader; do
  jq -e --arg f "$family" '.intel.tables.families.rows | map(select(.key == $f and .count > 0)) | length == 1' \
    "$work/fam.json" >/dev/null || fail "family $family not found in the generated log"
done
"$BUSYTRAP" analyze --with families -f json "$sample" | jq -e '.intel.tables.families.rows[0].key == "hajime-s-loader"' \
  >/dev/null || fail "the real sample's .s sessions are not hajime-s-loader"
printf '[[family]]\nname = "broken"\n' > "$work/bad.toml"
"$BUSYTRAP" analyze --with families --families "$work/bad.toml" "$sample" >/dev/null 2>&1 && fail "a bad families file is accepted"

set +e
"$BUSYTRAP" analyze --with passwords "$sample" >/dev/null 2>&1; [ $? = 2 ] || fail "unknown --with is not exit 2"
"$BUSYTRAP" analyze --intel --credential-table /nonexistent "$sample" >/dev/null 2>&1; [ $? = 1 ] || fail "missing table"
echo PASS
