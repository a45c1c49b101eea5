#!/usr/bin/env python3
"""command_clients.py PORT CLIENTS SECONDS [STOP_FILE]: heavy logging through real sessions.

CLIENTS threads each log in (root/xc3511) and then run `echo m-<client>-<n>` commands one after
the other, each sent only once the previous reply (its output and the next prompt) has arrived.
A command whose reply arrived is "acknowledged". Runs for SECONDS, or until the server goes away
(a kill), or until STOP_FILE exists. Prints one JSON object: {"acknowledged": [...], "sent": N,
"errors": [...]} — the acknowledged command lines in order per client. Bounded: SECONDS + 10 s.
"""
import json
import os
import socket
import sys
import threading
import time


def client(port, index, deadline, stop_file, acked, sent, errors):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
    except OSError as e:
        errors.append("connect: %s" % e)
        return
    buf = b""

    def until(want):
        nonlocal buf
        while not buf.endswith(want):
            data = s.recv(65536)
            if not data:
                raise ConnectionError("closed")
            buf += data
        out, buf = buf, b""
        return out

    try:
        until(b"login: ")
        s.sendall(b"root\r\n")
        until(b"Password: ")
        s.sendall(b"xc3511\r\n")
        until(b"# ")
        n = 0
        while time.monotonic() < deadline and not (stop_file and os.path.exists(stop_file)):
            line = "echo m-%d-%d" % (index, n)
            s.sendall(line.encode() + b"\r\n")
            sent[index] += 1
            reply = until(b"# ")
            # The echo of the line, then its output on a line of its own, then the prompt.
            if ("\r\nm-%d-%d\r\n" % (index, n)).encode() not in reply:
                errors.append("unexpected reply to %s: %r" % (line, reply[-200:]))
                return
            acked.append(line)
            n += 1
    except (OSError, ConnectionError):
        pass  # the server was killed or stopped: what was acknowledged so far counts
    finally:
        s.close()


def main():
    port, clients, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    stop_file = sys.argv[4] if len(sys.argv) > 4 else None
    deadline = time.monotonic() + seconds
    acked, errors = [], []
    sent = [0] * clients
    threads = [threading.Thread(target=client, args=(port, i, deadline, stop_file, acked, sent, errors), daemon=True)
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 10)
    print(json.dumps({"acknowledged": acked, "sent": sum(sent), "errors": errors}))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
