#!/usr/bin/env bash
# `busytrap analyze` time, sequence groups, --db, --geoip and the progress bar, each checked
# against an independent count of the same log (jq, python, the sqlite3 CLI, libmaxminddb on a
# database this test writes) rather than against remembered numbers.
source "$(dirname "$0")/lib/scratch.sh"
: "${BUSYTRAP_SOURCE_DIR:?}" "${BUSYTRAP_SHARED_DIR:?}"

# --- Timelines: sessions and command records per hour equal jq's counts per hour.
"$BUSYTRAP" analyze --split line --timeline sessions --timeline commands --bucket hour --top 0 -f json "$sample" \
  > "$work/time.json"
jq -r 'select(.eventid == "cowrie.session.connect") | .timestamp[0:13] + ":00Z"' "$sample" | sort | uniq -c \
  | awk '{print $2, $1}' > "$work/sessions.expected"
jq -r '.intel.tables.timeline_1.rows[] | "\(.key) \(.count)"' "$work/time.json" > "$work/sessions.got"
diff -u "$work/sessions.expected" "$work/sessions.got" || fail "sessions per hour"
jq -r 'select(.eventid == "cowrie.command.input") | .timestamp[0:13] + ":00Z"' "$sample" | sort | uniq -c \
  | awk '{print $2, $1}' > "$work/commands.expected"
jq -r '.intel.tables.timeline_2.rows[] | "\(.key) \(.count)"' "$work/time.json" > "$work/commands.got"
diff -u "$work/commands.expected" "$work/commands.got" || fail "command records per hour"
[ -s "$work/commands.got" ] || fail "empty timeline"
jq -e '.options.flags | endswith("--with time --timeline sessions --timeline commands --bucket hour")' "$work/time.json" \
  >/dev/null || fail "timelines not echoed in options.flags"
# A family timeline per day adds up to the family's sessions.
"$BUSYTRAP" analyze --timeline family:hajime-s-loader -f json "$sample" > "$work/fam.json"
jq -e '(.intel.tables.timeline_1.rows | map(.count) | add) ==
       (.intel.tables.families.rows | map(select(.key == "hajime-s-loader")) | .[0].count)' "$work/fam.json" >/dev/null \
  || fail "family timeline"
jq -e '.intel.tables.timeline_1.rows[0].key == "2019-07-08"' "$work/fam.json" >/dev/null || fail "day bucket label"

# --- New since: the command records first seen at or after the median time, per python.
since=$(jq -r 'select(.eventid == "cowrie.command.input") | .timestamp' "$sample" | sort | awk '{a[NR]=$0} END {print a[int(NR/2)]}')
"$BUSYTRAP" analyze --split line --new-since "$since" --top 0 -f json "$sample" > "$work/new.json"
python3 - "$sample" "$since" > "$work/new.expected" <<'PY'
import json, sys
first = {}
for line in open(sys.argv[1], encoding="utf-8", errors="surrogateescape"):
    e = json.loads(line)
    if e.get("eventid") == "cowrie.command.input":
        t = e["timestamp"]
        if e["input"] not in first or t < first[e["input"]]:
            first[e["input"]] = t
for key in sorted(k for k, t in first.items() if t >= sys.argv[2]):
    print(key)
PY
jq -r '.intel.tables.new_command_lines.rows[].key' "$work/new.json" | sort > "$work/new.got"
sort -o "$work/new.expected" "$work/new.expected"
diff -u "$work/new.expected" "$work/new.got" || fail "--new-since command lines"
jq -e '.intel.tables.new_command_lines.rows | all(.first_seen >= "'"$since"'")' "$work/new.json" >/dev/null \
  || fail "first_seen column"
jq -e '.intel.tables.first_seen_command_lines.columns == ["first_seen"]' "$work/new.json" >/dev/null || fail "columns"

# --- Sequence groups: the groups cover every sequenced session, and each representative is a
# real session of the log, with its address and connect time.
"$BUSYTRAP" analyze --with sequences --top 0 -f json "$sample" > "$work/seq.json"
jq -e '.totals.sessions_with_programs as $n
       | (.intel.tables.sequence_groups.rows | map(.count) | add) == $n
       and (.intel.tables.sequence_near_groups.rows | map(.count) | add) == $n
       and (.intel.tables.sequence_groups.rows | map(.key)) == (.sequences.whole.rows | map(.key))' "$work/seq.json" \
  >/dev/null || fail "sequence groups do not cover the sessions"
jq -r '.intel.tables.sequence_near_groups.rows[] | "\(.session) \(.source) \(.first_seen)"' "$work/seq.json" \
  > "$work/examples"
[ -s "$work/examples" ] || fail "no representatives"
while read -r session source first; do
  found=$(jq -c --arg s "$session" --arg ip "$source" --arg t "$first" \
    'select(.eventid == "cowrie.session.connect" and .session == $s and .src_ip == $ip and .timestamp == $t)' \
    "$sample" | wc -l)
  [ "$found" = 1 ] || fail "representative $session $source $first is not a session of the log"
done < "$work/examples"
grep -q "| session " <("$BUSYTRAP" analyze --with sequences "$sample") || fail "table format shows no example session"

# --- --db: the sqlite3 CLI counts what the JSON report counts.
"$BUSYTRAP" analyze --intel --db "$work/r.sqlite" --top 0 -f json "$sample" > "$work/db.json"
[ -e "$work/r.sqlite.partial" ] && fail "partial database left behind"
q() { sqlite3 "$work/r.sqlite" "$1"; }
j() { jq -r "$1" "$work/db.json"; }
[ "$(q 'SELECT count(*) FROM sessions WHERE counted = 1')" = "$(j .totals.sessions)" ] || fail "db sessions"
[ "$(q 'SELECT count(*) FROM commands')" = "$(j .totals.command_lines)" ] || fail "db commands"
[ "$(q 'SELECT count(*) FROM credentials')" = "$(j .intel.figures.login_attempts)" ] || fail "db credentials"
[ "$(q 'SELECT count(*) FROM credentials WHERE success = 1')" = "$(j .intel.figures.login_successes)" ] \
  || fail "db successes"
[ "$(q 'SELECT count(*) FROM sources')" = "$(j .intel.figures.distinct_source_ips)" ] || fail "db sources"
# The rows carry the right texts: usernames, passwords and addresses are kept in different tables.
top_user=$(j '.intel.tables.credentials_usernames.rows[0] | "\(.key)|\(.count)"')
[ "$(q 'SELECT username, count(*) FROM credentials GROUP BY username ORDER BY count(*) DESC, username LIMIT 1')" \
  = "$top_user" ] || fail "db usernames"
top_password=$(j '.intel.tables.credentials_passwords.rows[0] | "\(.key)|\(.count)"')
[ "$(q 'SELECT password, count(*) FROM credentials GROUP BY password ORDER BY count(*) DESC, password LIMIT 1')" \
  = "$top_password" ] || fail "db passwords"
[ "$(q 'SELECT count(*) FROM sessions WHERE src_ip IS NOT NULL AND src_ip NOT IN (SELECT ip FROM sources)')" = 0 ] \
  || fail "db session addresses"
[ "$(q "SELECT count(DISTINCT value) FROM indicators WHERE type = 'url'")" = "$(j .intel.figures.distinct_url)" ] \
  || fail "db urls"
[ "$(q 'SELECT count(*) FROM downloads')" = "$(q "SELECT count(*) FROM indicators WHERE type = 'url'")" ] \
  || fail "downloads view"
top=$(j '.tables.program_names.rows[0] | "\(.key)|\(.count)"')
[ "$(q "SELECT program || coalesce(' ' || applet, ''), count(*) FROM commands WHERE program IS NOT NULL
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1")" = "$top" ] || fail "db program names ($top)"
[ "$(q "SELECT count(*) FROM sqlite_master WHERE type = 'index'")" -ge 8 ] || fail "db indexes"
grep -q "USING INDEX" <(q "EXPLAIN QUERY PLAN SELECT * FROM commands WHERE session_id = 1") || fail "no index used"
[ "$(q "SELECT value FROM run WHERE name = 'sessions'")" = "$(j .totals.sessions)" ] || fail "run facts"
# args: a JSON array of the words after the program (and applet).
[ "$(q "SELECT args FROM commands WHERE line = 'cat /proc/mounts' LIMIT 1")" = '["/proc/mounts"]' ] || fail "args"
[ "$(q "SELECT program, applet, args FROM commands WHERE line = '/bin/busybox QSDWQ' LIMIT 1")" = '/bin/busybox|QSDWQ|[]' ] \
  || fail "busybox program and applet"
# An unwritable path fails cleanly.
set +e
"$BUSYTRAP" analyze --db /nonexistent/dir/x.sqlite "$sample" >/dev/null 2>&1; [ $? = 1 ] || fail "bad --db path"
set -e

# --- --geoip: a database written by the test places the sample's busiest /24 and one address.
top_net=$(j '.intel.tables.sources_networks.rows[0].key')
top_net_sessions=$(j '.intel.tables.sources_networks.rows[0].count')
one_ip=$(jq -r 'select(.eventid == "cowrie.session.connect") | .src_ip' "$sample" | grep -v "^${top_net%.0/24}\." | head -1)
one_ip_sessions=$(jq -r --arg ip "$one_ip" 'select(.eventid == "cowrie.session.connect" and .src_ip == $ip) | .session' "$sample" | sort -u | wc -l)
python3 "$BUSYTRAP_SOURCE_DIR/tests/tools/write_test_mmdb.py" "$work/geo.mmdb" "$top_net=RU" "$one_ip/32=FR"
"$BUSYTRAP" analyze --geoip "$work/geo.mmdb" --db "$work/g.sqlite" --top 0 -f json "$sample" > "$work/geo.json"
country() { jq -r --arg c "$1" '.intel.tables.sources_countries.rows | map(select(.key == $c)) | .[0].count' "$work/geo.json"; }
[ "$(country RU)" = "$top_net_sessions" ] || fail "RU sessions $(country RU) != $top_net_sessions"
[ "$(country FR)" = "$one_ip_sessions" ] || fail "FR sessions $(country FR) != $one_ip_sessions"
jq -e --arg ip "$one_ip" '.intel.tables.sources_ips.rows | map(select(.key == $ip)) | .[0].country == "FR"' \
  "$work/geo.json" >/dev/null || fail "country column"
[ "$(sqlite3 "$work/g.sqlite" "SELECT country FROM sources WHERE ip = '$one_ip'")" = FR ] || fail "db country"
set +e
echo "not a database" > "$work/bad.mmdb"
"$BUSYTRAP" analyze --geoip "$work/bad.mmdb" "$sample" >/dev/null 2>&1; [ $? = 1 ] || fail "bad mmdb accepted"
set -e

# --- Progress bar: drawn on a terminal (script gives a pty), never into a file.
script -qec "'$BUSYTRAP' analyze -o /dev/null '$sample'" /dev/null > "$work/tty.out"
grep -q "busytrap analyze: .* in .* s (" "$work/tty.out" || fail "no progress on a terminal"
"$BUSYTRAP" analyze -o /dev/null "$sample" 2> "$work/err"
[ ! -s "$work/err" ] || fail "progress written to a file"
script -qec "'$BUSYTRAP' analyze --no-progress -o /dev/null '$sample'" /dev/null > "$work/quiet.out"
grep -q "busytrap analyze" "$work/quiet.out" && fail "--no-progress drew a bar"

# --- Hostile input: odd addresses and times never crash, and every session is still counted.
python3 - "$work/odd.json" <<'PY'
import json, sys
events = []
odd = [("a1", "::1", "1900-01-01T00:00:00Z"), ("a2", "not-an-ip", "9999-12-31T23:59:59.999999Z"),
       ("a3", "999.1.1.1", "1970-01-01T00:00:00Z"), ("a4", "1.2.3.4" * 200, "2019-07-08T00:00:00Z"),
       ("a5", "\udcff\u0000", "garbage"), ("a6", "2001:db8::1", "1969-12-31T23:59:59Z")]
with open(sys.argv[1], "w") as out:
    for session, ip, ts in odd:
        for e in ({"eventid": "cowrie.session.connect", "src_ip": ip},
                  {"eventid": "cowrie.login.success", "username": "root", "password": "x\u0000y", "src_ip": ip},
                  {"eventid": "cowrie.command.input", "input": "/bin/busybox QWERTY; wget http://[::1/x", "src_ip": ip},
                  {"eventid": "cowrie.session.closed", "src_ip": ip}):
            e.update(session=session, timestamp=ts)
            out.write(json.dumps(e) + "\n")
PY
"$BUSYTRAP" analyze --intel --timeline sessions --timeline commands --bucket hour --new-since 1950-01-01 \
  --geoip "$work/geo.mmdb" --db "$work/odd.sqlite" --top 0 -f json "$work/odd.json" > "$work/odd.report" \
  || fail "odd input made the analyzer fail"
jq -e '.totals.sessions == 6 and (.intel.tables.sources_countries.rows | map(.key) == ["??"])' "$work/odd.report" \
  >/dev/null || fail "odd input: sessions or countries"
[ "$(sqlite3 "$work/odd.sqlite" 'SELECT count(*) FROM sessions')" = 6 ] || fail "odd input: db sessions"
jq -e '.intel.tables.timeline_1.rows | map(.key) | index("1900-01-01T00:00Z") != null and index("1969-12-31T23:00Z") != null' \
  "$work/odd.report" >/dev/null || fail "odd input: timeline of old times"

# --- Usage errors.
set +e
"$BUSYTRAP" analyze --timeline colour:red "$sample" >/dev/null 2>&1; [ $? = 2 ] || fail "bad --timeline"
"$BUSYTRAP" analyze --timeline family:no-such-family "$sample" >/dev/null 2>&1; [ $? = 2 ] || fail "unknown family"
"$BUSYTRAP" analyze --timeline sessions --bucket week "$sample" >/dev/null 2>&1; [ $? = 2 ] || fail "bad --bucket"
"$BUSYTRAP" analyze --new-since yesterday "$sample" >/dev/null 2>&1; [ $? = 2 ] || fail "bad --new-since"
echo PASS
