#!/usr/bin/env python3
"""Drives an interactive program (a real telnet client) through a pseudo-terminal, as a person
at a terminal would, for tests.

pty_dialogue.py TRANSCRIPT STEPS_JSON -- COMMAND [ARGS...]

STEPS_JSON is a list of steps: ["expect", TEXT] waits (10 s at most) until TEXT appears in the
output after the previous match; ["send", TEXT] types TEXT (each character written separately,
as typed); ["expect_eof"] waits for the program to end. Everything the terminal showed is
written to TRANSCRIPT. Exit status 0 when every step succeeded, 1 (with the reason) otherwise.
"""
import json
import os
import pty
import select
import signal
import sys
import time

STEP_TIMEOUT = 10.0


def main():
    transcript_path, steps = sys.argv[1], json.loads(sys.argv[2])
    command = sys.argv[sys.argv.index("--") + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "vt100"
        os.execvp(command[0], command)
    seen = b""
    position = 0
    status = 0
    eof = False

    def read_some(deadline):
        nonlocal seen, eof
        remaining = deadline - time.monotonic()
        if remaining <= 0 or eof:
            return False
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return False
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if not data:
            eof = True
            return False
        seen += data
        return True

    try:
        for step in steps:
            deadline = time.monotonic() + STEP_TIMEOUT
            if step[0] == "expect":
                want = step[1].encode()
                while seen.find(want, position) < 0:
                    if not read_some(deadline):
                        raise RuntimeError("did not see %r; tail of output: %r" % (step[1], seen[-300:]))
                position = seen.find(want, position) + len(want)
            elif step[0] == "send":
                time.sleep(0.05)
                for ch in step[1].encode():
                    os.write(fd, bytes([ch]))
                    time.sleep(0.002)
            elif step[0] == "expect_eof":
                while not eof:
                    if not read_some(deadline) and not eof:
                        raise RuntimeError("program did not end; tail of output: %r" % seen[-300:])
            else:
                raise RuntimeError("unknown step %r" % step)
    except RuntimeError as e:
        print("pty_dialogue: %s" % e, file=sys.stderr)
        status = 1
    finally:
        with open(transcript_path, "wb") as f:
            f.write(seen)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    sys.exit(status)


if __name__ == "__main__":
    main()
