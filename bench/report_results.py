#!/usr/bin/env python3
"""Renders bench/run.sh's measurements as a Markdown table plus the issue's targets.

  report_results.py ROWS.tsv RESULTS_DIR LOAD_BEFORE LOAD_AFTER ELAPSED_SECONDS

ROWS.tsv has one line per measurement: id, tool, input label, input bytes, best wall time in
microseconds, CPU seconds of that run, peak RSS in KiB, number of timed runs. Prints the report
and writes it to RESULTS_DIR/results.md.
"""
import os
import sys
rows_path, results, load_before, load_after, elapsed = sys.argv[1:]
rows = {}
order = []
for line in open(rows_path):
    id_, tool, label, size, wall_us, cpu, rss, n = line.rstrip("\n").split("\t")
    rows[id_] = dict(tool=tool, label=label, size=int(size), wall=int(wall_us) / 1e6, cpu=float(cpu),
                     rss=int(rss) / 1024, n=int(n))
    order.append(id_)

def mbps(r, key="wall"):
    return r["size"] / 1e6 / max(r[key], 1e-9)

# Each row is compared with busytrap on the same kind of input, per byte (so a slice compares
# fairly with the whole file): ratio = tool's seconds per MB / busytrap's seconds per MB.
reference = {"JSON": "bt-json", "JSON.gz": "bt-gz", "text log": "bt-text", "JSON slice": "bt-json"}
def ratio(id_, key):
    r = rows[id_]
    ref = rows.get(reference.get(r["label"], ""))
    if ref is None or id_.startswith("gen-"):
        return None
    return mbps(ref, key) / mbps(r, key)

lines = []
lines.append("| tool | input | size MB | wall s | MB/s | CPU s | CPU MB/s | peak RSS MB | × busytrap (wall) | × busytrap (CPU) |")
lines.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
for id_ in order:
    r = rows[id_]
    rw, rc = ratio(id_, "wall"), ratio(id_, "cpu")
    fmt = lambda x: "—" if x is None else f"{x:.2f}"
    tool = r["tool"].replace("|", "\\|")  # a | inside a Markdown cell
    lines.append(f"| {tool} | {r['label']} | {r['size'] / 1e6:.0f} | {r['wall']:.2f} | {mbps(r):.0f} | "
                 f"{r['cpu']:.2f} | {mbps(r, 'cpu'):.0f} | {r['rss']:.0f} | {fmt(rw)} | {fmt(rc)} |")

def verdict(ok):
    return "met" if ok else "NOT met"
bt, text, grep = rows["bt-json"], rows["bt-text"], rows["grep-text"]
targets = []
# On a loaded machine wall times say little; the "idle estimate" is busytrap's best case on two
# free cores (its CPU time spread evenly over both) against single-threaded tools whose wall time
# would be their CPU time.
cores = os.cpu_count() or 1
idle_bt = bt["size"] / 1e6 / max(bt["cpu"] / cores, 1e-9)
targets.append(f"- busytrap analyze, plain JSON: {mbps(bt) / 1000:.2f} GB/s wall, idle estimate ≤ {idle_bt / 1000:.2f} GB/s"
               f" (target ≥ 1 GB/s): {verdict(mbps(bt) >= 1000)}")
slow = text["wall"] / grep["wall"]
slow_cpu = text["cpu"] / max(grep["cpu"], 1e-9)
targets.append(f"- busytrap on the text log / grep -c CMD: {slow:.2f}× wall, {slow_cpu:.2f}× CPU,"
               f" idle estimate ≥ {slow_cpu / cores:.2f}× (target ≤ 1.5×): {verdict(slow <= 1.5)}")
for id_ in ("jq1-slice", "jq2-slice", "py-slice"):
    rw, rc = ratio(id_, "wall"), ratio(id_, "cpu")
    idle = idle_bt / mbps(rows[id_], "cpu")
    targets.append(f"- {rows[id_]['tool']}: busytrap is {rw:.1f}× faster (wall), {rc:.1f}× (CPU),"
                   f" idle estimate {idle:.0f}× (target ≥ 30×): {verdict(rw >= 30)}")
notes = [f"- load average (1, 5, 15 min) before: {load_before}; after: {load_after}; the run took {elapsed} s",
         "- best of the timed runs; ratios per MB against busytrap on the same kind of input;"
         " jq and Python rows ran on the slice and are extrapolated per MB"]
text_out = "\n".join(lines + ["", "Targets:"] + targets + ["", "Notes:"] + notes)
print(text_out)
open(f"{results}/results.md", "w").write(text_out + "\n")
