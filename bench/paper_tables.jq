# The paper's Table 1 (command lines) or Table 2 (program names) with jq, the way people
# usually do it. Run through bench/paper_tables_jq.sh, which adds `sort | uniq -c | sort -rn`.
#
#   jq -r --arg table 1 -f bench/paper_tables.jq LOG.json
#
# Known to be wrong against the paper's definitions, on purpose (this is the common practice
# the benchmark compares with):
#   - split(";") also splits on ';' inside quotes ('a;b', "x;y") and after a backslash;
#   - jq 1.6's \s trims space, tab, CR, LF but not NUL;
#   - -r prints a record containing a newline as several lines, which uniq counts apart;
#   - Table 2 splits words on single spaces only: quotes stay, tabs do not separate, and
#     redirections (">f cmd") and assignments ("A=1 cmd") are taken as the program name.
select(.eventid == "cowrie.command.input")
| .input
| select(type == "string")
| split(";")[]
| sub("^\\s+"; "") | sub("\\s+$"; "")
| select(length > 0)
| if $table == "1" then .
  else (split(" ") | map(select(length > 0))) as $w
     | if ($w[0] | test("(^|/)busybox$")) and ($w | length) > 1 then "\($w[0]) \($w[1])"
       else $w[0] end
  end
