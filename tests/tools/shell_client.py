#!/usr/bin/env python3
"""Logs into the honeypot over Telnet and runs lines one at a time, each after the previous
reply's prompt, as a bot's loader does. For tests.

shell_client.py PORT USER PASSWORD < lines

Each stdin line is sent + CR LF after the prompt; the reply is what came back up to the next
prompt (a buffer ending in "# "), with Telnet commands removed, CR LF as LF and the echoed line
taken off. Prints one JSON object per line ({"line", "output", "seconds"}). Every wait is bounded
(REPLY_TIMEOUT seconds, default 20); a line whose prompt does not come gives an error exit.
"""
import json
import os
import socket
import sys
import time

IAC = 255
TIMEOUT = float(os.environ.get("REPLY_TIMEOUT", "20"))


def strip_telnet(data):
    out = bytearray()
    i = 0
    while i < len(data):
        if data[i] != IAC:
            out.append(data[i])
            i += 1
        elif i + 1 < len(data) and data[i + 1] == IAC:
            out.append(IAC)
            i += 2
        elif i + 1 < len(data) and data[i + 1] >= 251:
            i += 3
        elif i + 1 < len(data) and data[i + 1] == 250:
            end = data.find(bytes([IAC, 240]), i)
            i = len(data) if end < 0 else end + 2
        else:
            i += 2
    return bytes(out)


class Client:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.buf = b""

    def until(self, done):
        deadline = time.monotonic() + TIMEOUT
        while not done(strip_telnet(self.buf)):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SystemExit("timeout; received %r" % strip_telnet(self.buf)[-300:])
            self.sock.settimeout(remaining)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not data:
                raise SystemExit("closed; received %r" % strip_telnet(self.buf)[-300:])
            self.buf += data
        text = strip_telnet(self.buf)
        self.buf = b""
        return text


def main():
    port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    c = Client(port)
    c.until(lambda t: t.endswith(b"login: "))
    c.sock.sendall(user.encode() + b"\r\n")
    c.until(lambda t: t.endswith(b"Password: "))
    c.sock.sendall(password.encode() + b"\r\n")
    c.until(lambda t: t.endswith(b"# "))
    for raw in sys.stdin.buffer.read().split(b"\n"):
        if not raw:
            continue
        started = time.monotonic()
        c.sock.sendall(raw + b"\r\n")
        text = c.until(lambda t: t.endswith(b"# ")).replace(b"\r\n", b"\n")
        if text.startswith(raw + b"\n"):
            text = text[len(raw) + 1:]
        # The prompt itself is not part of the reply.
        cut = text.rfind(b"\n")
        text = text[:cut + 1] if cut >= 0 else b""
        print(json.dumps({"line": raw.decode("latin-1"), "output": text.decode("latin-1"),
                          "seconds": round(time.monotonic() - started, 3)}), flush=True)
    c.sock.sendall(b"exit\r\n")


if __name__ == "__main__":
    main()
