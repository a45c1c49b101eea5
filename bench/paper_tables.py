#!/usr/bin/env python3
"""The paper's Tables 1-3 and session openings over Cowrie JSON logs, in plain Python.

This is the baseline `bench/run.sh` compares `busytrap analyze` with: what a competent analyst
would write in an afternoon with the standard library only, following the definitions of
../shared/paper/README.md ("The analyses as exact definitions"):

  record        eventid == "cowrie.command.input" -> field "input" (json.loads per line)
  Table 1       split on ';' outside quotes and not backslash-escaped, trim blanks, drop empty
  words         sh-like: quotes removed, backslash escapes, control operators end words,
                redirections (with their targets) and leading NAME=value assignments removed
  Table 2       argv0 of the first simple command with a word; "argv0 applet" for busybox
  Table 3       Table 2 rows whose argv0 basename is a Linux executable (data file), busybox
                and bare shell builtins excluded
  openings      per session, program names in timestamp order; first k names, k = 2..4

Deliberate simplifications (the generated benchmark data does not exercise them): a session is
its `session` id (no split at cowrie.session.closed), and timestamps are compared as strings.

Usage: paper_tables.py [--top N] [--executables FILE] LOG.json [LOG.json.gz ...]
Prints one JSON document on stdout: {"totals": ..., "tables": {"command_lines": [[key, count],
...], "program_names": ..., "linux_programs": ..., "openings": {"2": ..., "3": ..., "4": ...}}}.
"""
import argparse
import collections
import functools
import gzip
import json
import os
import re
import sys

BLANKS = " \t\r\n\0"

# A command line: a run of anything but an unquoted, unescaped ';'. An unterminated quote runs
# to the end of the record.
COMMAND_LINE = re.compile(r"""(?:
      [^;'"\\]+                          # plain bytes
    | \\. | \\\Z                         # backslash escape
    | '[^']*(?:'|\Z)                     # single-quoted
    | "(?:[^"\\]|\\.|\\\Z)*(?:"|\Z)      # double-quoted
    )+""", re.S | re.X)

# One shell token: blanks, a redirection (with an optional all-digit IO number glued to it),
# a control operator, or a word (quotes and escapes still in place).
TOKEN = re.compile(r"""
      [ \t\r\n\0]+
    | (?P<redir>(?:\d+(?=[<>]))?(?:&>>|<<<|<<-|>>|>\||>&|<>|<&|<<|&>|>|<))
    | (?P<op>&&|\|\||[;&|()])
    | (?P<word>(?:[^ \t\r\n\0;&|()<>'"\\]+|\\.|\\\Z|'[^']*(?:'|\Z)|"(?:[^"\\]|\\.|\\\Z)*(?:"|\Z))+)
    """, re.S | re.X)

ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
QUOTED_PART = re.compile(r"""\\.|\\\Z|'([^']*)'?|"((?:[^"\\]|\\.|\\\Z)*)"?""", re.S)
DOUBLE_QUOTE_ESCAPE = re.compile(r'\\([\\"$`])')

SHELL_BUILTINS = set(
    ". : [ alias bg break cd command continue echo eval exec exit export false fc fg getopts hash "
    "jobs kill local printf pwd read readonly return set shift test times trap true type ulimit "
    "umask unalias unset wait".split())


def command_lines(record):
    """Table 1's pieces of one input record."""
    if "'" not in record and '"' not in record and "\\" not in record:
        pieces = record.split(";")
    else:
        pieces = COMMAND_LINE.findall(record)
    return [p for p in (piece.strip(BLANKS) for piece in pieces) if p]


def _unquote_part(match):
    text = match.group(0)
    if text[0] == "\\":
        return text[1:]
    if text[0] == "'":
        return match.group(1)
    return DOUBLE_QUOTE_ESCAPE.sub(r"\1", match.group(2))


def unquote(word):
    if "'" not in word and '"' not in word and "\\" not in word:
        return word
    return QUOTED_PART.sub(_unquote_part, word)


def basename(path):
    return path.rpartition("/")[2]


@functools.lru_cache(maxsize=None)
def program_name(line):
    """(argv0, applet or None) of a command line, or None when it has no word."""
    argv0 = None
    skip_target = False
    for match in TOKEN.finditer(line):
        kind = match.lastgroup
        if kind is None:  # blanks
            continue
        if kind == "redir":
            skip_target = True
        elif kind == "op":
            if argv0 is not None:
                break  # the simple command that has argv0 ended without an applet
            skip_target = False
        elif skip_target:
            skip_target = False
        elif argv0 is None:
            if ASSIGNMENT.match(match.group()):
                continue
            argv0 = unquote(match.group())
            if basename(argv0) != "busybox":
                return (argv0, None)
        else:
            return (argv0, unquote(match.group()))
    return None if argv0 is None else (argv0, None)


def program_key(name):
    argv0, applet = name
    return argv0 if applet is None else argv0 + " " + applet


def open_log(path):
    opener = gzip.open if path.endswith(".gz") else open
    return opener(path, "rt", encoding="utf-8", errors="surrogateescape", newline="\n")


def ranked(counter, top):
    """Rows by count descending, equal counts by key bytewise ascending (as busytrap ranks)."""
    rows = sorted(counter.items(),
                  key=lambda kv: (-kv[1], kv[0].encode("utf-8", "surrogateescape")))
    return [[key, count] for key, count in rows[:top]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("logs", nargs="+")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--executables", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "data", "linux-executables.txt"))
    args = parser.parse_args()

    with open(args.executables, encoding="utf-8") as f:
        executables = {line.strip() for line in f if line.strip() and not line.startswith("#")}

    lines = collections.Counter()
    sessions = collections.defaultdict(list)  # session id -> [(timestamp, [program keys])]
    records = skipped = 0
    for path in args.logs:
        with open_log(path) as log:
            for text in log:
                if not text.strip():
                    continue
                try:
                    event = json.loads(text)
                except ValueError:
                    skipped += 1
                    continue
                if not isinstance(event, dict) or event.get("eventid") != "cowrie.command.input":
                    continue
                record = event.get("input")
                if not isinstance(record, str):
                    continue
                records += 1
                programs = []
                for line in command_lines(record):
                    lines[line] += 1
                    name = program_name(line)
                    if name is not None:
                        programs.append(program_key(name))
                sessions[event.get("session")].append((event.get("timestamp") or "", programs))

    # Table 2 and 3 follow from Table 1: a program name is a function of the command line.
    programs = collections.Counter()
    linux = collections.Counter()
    for line, count in lines.items():
        name = program_name(line)
        if name is None:
            continue
        key = program_key(name)
        programs[key] += count
        argv0, applet = name
        base = basename(argv0)
        if base == "busybox" or base not in executables:
            continue
        if "/" not in argv0 and argv0 in SHELL_BUILTINS:
            continue
        linux[key] += count

    openings = {k: collections.Counter() for k in (2, 3, 4)}
    with_programs = 0
    for events in sessions.values():
        events.sort(key=lambda e: e[0])  # stable: ties keep input order
        sequence = [p for _, names in events for p in names]
        if not sequence:
            continue
        with_programs += 1
        for k, counter in openings.items():
            if len(sequence) >= k:
                counter["⇒".join(sequence[:k])] += 1

    json.dump({
        "totals": {"records": records, "skipped_lines": skipped,
                   "command_lines": sum(lines.values()),
                   "command_lines_with_program": sum(programs.values()),
                   "sessions_with_programs": with_programs},
        "tables": {"command_lines": ranked(lines, args.top),
                   "program_names": ranked(programs, args.top),
                   "linux_programs": ranked(linux, args.top),
                   "openings": {str(k): ranked(c, args.top) for k, c in openings.items()}},
    }, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
