#!/usr/bin/env python3
"""flood.py HOST PORT COUNT SERVER_PID: holds COUNT simultaneous Telnet sessions on the honeypot.

All COUNT connections are opened at once (one thread, selectors); each must receive the opening
IAC bytes and "login: ", then log in (root/xc3511) and reach the shell prompt "# ". While all of
them are open, one more client runs the Mirai scanner's dialogue (the server must stay
responsive). Prints a JSON report (times, the server's RSS before and with the sessions) and
exits 0 if every session got its prompt, 1 otherwise. Bounded: 60 s overall.
"""
import json
import os
import selectors
import socket
import subprocess
import sys
import time


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def main():
    host, port, count, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    deadline = time.monotonic() + 60
    report = {"sessions": count, "rss_kib_before": rss_kib(pid)}
    sel = selectors.DefaultSelector()
    state = {}
    start = time.monotonic()
    for _ in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((host, port))
        state[s] = {"buf": b"", "stage": "login"}
        sel.register(s, selectors.EVENT_READ)
    waiting = set(state)
    steps = {"login": (b"login: ", b"root\r\n", "password"),
             "password": (b"Password: ", b"xc3511\r\n", "shell"),
             "shell": (b"# ", None, "done")}
    while waiting and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            st = state[s]
            if not data:
                st["stage"] = "closed"
                waiting.discard(s)
                sel.unregister(s)
                continue
            st["buf"] += data
            want, reply, following = steps.get(st["stage"], (None, None, None))
            if want is not None and st["buf"].endswith(want):
                if st["stage"] == "login" and not st["buf"].startswith(b"\xff"):
                    st["stage"] = "no-iac-first"
                    waiting.discard(s)
                    continue
                st["buf"] = b""
                if reply:
                    s.send(reply)
                st["stage"] = following
                if following == "done":
                    waiting.discard(s)
    report["seconds_to_all_prompts"] = round(time.monotonic() - start, 3)
    stages = {}
    for st in state.values():
        stages[st["stage"]] = stages.get(st["stage"], 0) + 1
    report["stages"] = stages
    report["rss_kib_with_sessions"] = rss_kib(pid)
    if report["rss_kib_before"] > 0:
        report["kib_per_session"] = round(
            (report["rss_kib_with_sessions"] - report["rss_kib_before"]) / count, 2)
    canary_start = time.monotonic()
    canary = subprocess.run(
        [sys.executable, os.path.join(os.path.dirname(__file__), "mirai_scanner.py"), host,
         str(port), "root:xc3511"], capture_output=True, timeout=30)
    report["canary_seconds"] = round(time.monotonic() - canary_start, 3)
    report["canary"] = canary.stdout.decode().strip()
    for s in state:
        s.close()
    print(json.dumps(report))
    ok = stages.get("done", 0) == count and canary.returncode == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
