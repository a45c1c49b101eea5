#!/usr/bin/env python3
"""hostile.py HOST PORT: sends hostile bytes at every stage of a Telnet session, one connection
per case, and checks after each case that the honeypot still serves: a session logged in before
the first case must still answer, and a fresh Mirai-scanner dialogue must succeed.
Prints the cases run; exits 0 if the server survived them all, 1 otherwise."""
import os
import random
import socket
import subprocess
import sys
import time

HOST, PORT = sys.argv[1], int(sys.argv[2])
TOOLS = os.path.dirname(os.path.abspath(__file__))


def connect():
    s = socket.create_connection((HOST, PORT), timeout=10)
    return s


def read_until(s, want, limit=10):
    s.settimeout(limit)
    buf = b""
    while want not in buf:
        data = s.recv(65536)
        if not data:
            raise RuntimeError("closed before %r: %r" % (want, buf[-200:]))
        buf += data
    return buf


def send_quietly(s, data):
    try:
        s.sendall(data)
    except OSError:
        pass  # the server may close on a limit; that is allowed


def drain_close(s):
    s.settimeout(0.3)
    try:
        while s.recv(65536):
            pass
    except OSError:
        pass
    s.close()


def login(s):
    read_until(s, b"login: ")
    s.sendall(b"root\r\n")
    read_until(s, b"Password: ")
    s.sendall(b"xc3511\r\n")
    read_until(s, b"# ")


rng = random.Random(20171007)
CASES = [
    ("connect", "64 KiB of random bytes", bytes(rng.getrandbits(8) for _ in range(65536))),
    ("connect", "10,000 x 0xFF", b"\xff" * 10000),
    ("connect", "IAC SB without SE + 1 MiB", b"\xff\xfa\x18" + b"A" * (1 << 20)),
    ("connect", "lone IAC at the end", b"\xff"),
    ("connect", "short NAWS", b"\xff\xfa\x1f\x00\xff\xf0"),
    ("connect", "IAC AYT x 1000", b"\xff\xf6" * 1000),
    ("connect", "WILL and DO for all 256 options",
     b"".join(bytes([255, c, o]) for o in range(256) for c in (251, 253))),
    ("connect", "IAC SE, IAC GA, IAC DM without context", b"\xff\xf0\xff\xf9\xff\xf2x\r\n"),
    ("connect", "SB COMPRESS2 then deflate-looking bytes", b"\xff\xfa\x56\xff\xf0\x78\x9c" + b"\x00" * 64),
    ("login", "binary user name", b"r\x00o\xff\xffot\x1b[31m\xc3\x28\xfe\r\n\x80\x81\xfe\r\n"),
    ("login", "huge NEW-ENVIRON", b"\xff\xfb\x27\xff\xfa\x27\x00" + b"\x00V\x01X" * 50000 + b"\xff\xf0"),
    ("login", "TTYPE IS with no name and no SE", b"\xff\xfb\x18\xff\xfa\x18\x00"),
    ("shell", "AYT inside a command", b"/bin/bus\xff\xf6ybox X\r\n"),
    ("shell", "unterminated SB then close", b"echo a\xff\xfa\x1f\x00\x50"),
    ("shell", "NULs, escapes and CR NUL", b"\x00\x00echo\x00 \x1b]0;x\x07\r\x00"),
]


def main():
    witness = connect()
    login(witness)
    for stage, name, payload in CASES:
        s = connect()
        try:
            if stage == "login":
                read_until(s, b"login: ")
            elif stage == "shell":
                login(s)
            send_quietly(s, payload)
        except (RuntimeError, OSError) as e:
            print("FAIL %s: %s" % (name, e))
            sys.exit(1)
        drain_close(s)
        canary = subprocess.run([sys.executable, os.path.join(TOOLS, "mirai_scanner.py"), HOST,
                                 str(PORT), "root:xc3511"], capture_output=True, timeout=30)
        if canary.returncode != 0:
            print("FAIL after %s: the Mirai scanner was not served: %s" % (name, canary.stdout))
            sys.exit(1)
        print("survived: %s (%s)" % (name, stage), flush=True)
    witness.sendall(b"echo still here\r\n")
    read_until(witness, b"still here\r\n# ")
    witness.close()
    print("the session opened before the first case still answers")


if __name__ == "__main__":
    main()
