#!/usr/bin/env python3
"""Compares the top rows of `busytrap analyze -f json` with another tool's tables.

  compare_tables.py BUSYTRAP.json python PAPER_TABLES.json [--top N]
  compare_tables.py BUSYTRAP.json uniq TABLE UNIQ_C.txt [--top N]

`python` compares the totals both report, Tables 1-3 and the openings (k = 2..4) with bench/paper_tables.py's output;
`uniq` compares one table (command_lines or program_names) with `uniq -c` lines from
bench/paper_tables_jq.sh. Both sides rank equal counts by key, bytewise, so rows are compared
in order. Prints one line per table, "MATCH" or "MISMATCH" with the first differing rows, and
exits 0 when everything matches, 1 otherwise.
"""
import argparse
import json
import sys


def busytrap_rows(report, table, top):
    if table.startswith("openings_"):
        found = [t for t in report["sequences"]["openings"] if t.get("id") == table]
        if not found:
            return None
        rows = found[0]["rows"]
    else:
        rows = report["tables"][table]["rows"]
    return [(row["key"], row["count"]) for row in rows[:top]]


def uniq_rows(path, top):
    rows = []
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            count, _, key = line.lstrip(" ").rstrip("\n").partition(" ")
            rows.append((key, int(count)))
    return rows[:top]


def report(name, expected, actual):
    if expected is None:
        print(f"{name:16} SKIPPED (busytrap's JSON has no such table)")
        return True
    if expected == actual:
        print(f"{name:16} MATCH ({len(expected)} rows)")
        return True
    print(f"{name:16} MISMATCH")
    for i in range(max(len(expected), len(actual))):
        e = expected[i] if i < len(expected) else None
        a = actual[i] if i < len(actual) else None
        if e != a:
            print(f"  row {i + 1}: busytrap {e!r}")
            print(f"  {'':{len(str(i + 1)) + 5}}  other    {a!r}")
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("busytrap_json")
    parser.add_argument("kind", choices=["python", "uniq"])
    parser.add_argument("rest", nargs="+")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    with open(args.busytrap_json, encoding="utf-8") as f:
        ours = json.load(f)

    ok = True
    if args.kind == "python":
        with open(args.rest[0], encoding="utf-8") as f:
            document = json.load(f)
        theirs = document["tables"]
        totals = sorted(document["totals"].items())
        ok &= report("totals", [(k, ours["totals"].get(k)) for k, _ in totals], totals)
        for table in ("command_lines", "program_names", "linux_programs"):
            actual = [tuple(row) for row in theirs[table][:args.top]]
            ok &= report(table, busytrap_rows(ours, table, args.top), actual)
        for k, rows in sorted(theirs["openings"].items()):
            table = f"openings_{k}"
            actual = [(key, count) for key, count in rows[:args.top]]
            ok &= report(table, busytrap_rows(ours, table, args.top), actual)
    else:
        table, path = args.rest
        ok &= report(table, busytrap_rows(ours, table, args.top), uniq_rows(path, args.top))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
