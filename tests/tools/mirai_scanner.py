#!/usr/bin/env python3
"""A Telnet client that behaves like the Mirai bot's scanner (mirai/bot/scanner.c), for tests.

mirai_scanner.py HOST PORT USER:PASSWORD [USER:PASSWORD ...]

For each credential pair, one connection, exactly as the scanner does it:
  1. stay in the "read IACs" state until at least one IAC triple arrived; answer DO NAWS with
     WILL NAWS + SB NAWS 80x24, other DO with WONT, WILL with DO, WONT/DONT echoed back;
  2. wait for a login prompt (buffer ends in : > $ # %, or contains "ogin"/"enter"), send the
     user name + CR LF; wait for the password prompt (: > $ #, or "assword"), send the password;
  3. after each prompt send the next word NUL-terminated: enable\\0, system\\0, shell\\0, sh\\0,
     /bin/busybox MIRAI\\0, each + CR LF; "ncorrect" anywhere means the login failed;
  4. success is the text "MIRAI: applet not found"; then it disconnects.
Prints one JSON object per pair ({"credentials", "result", "seconds_to_incorrect"}) and exits 0
if the last pair succeeded, 1 otherwise. Every wait is bounded (10 s, the scanner uses 30 s).
"""
import json
import socket
import sys
import time

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
NAWS = 31
TIMEOUT = 10.0


class Stalled(Exception):
    pass


class Scanner:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=TIMEOUT)
        self.buf = b""

    def recv(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Stalled("timeout; received %r" % self.buf[-200:])
        self.sock.settimeout(remaining)
        try:
            data = self.sock.recv(4096)
        except socket.timeout:
            raise Stalled("timeout; received %r" % self.buf[-200:])
        if not data:
            raise Stalled("connection closed; received %r" % self.buf[-200:])
        return data

    def handle_iacs(self):
        deadline = time.monotonic() + TIMEOUT
        seen = 0
        while True:
            data = self.recv(deadline)
            i = 0
            rest = b""
            while i < len(data):
                if data[i] == IAC and i + 2 < len(data) and data[i + 1] in (DO, DONT, WILL, WONT):
                    cmd, opt = data[i + 1], data[i + 2]
                    if cmd == DO and opt == NAWS:
                        self.sock.sendall(bytes([IAC, WILL, NAWS, IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE]))
                    elif cmd == DO:
                        self.sock.sendall(bytes([IAC, WONT, opt]))
                    elif cmd == WILL:
                        self.sock.sendall(bytes([IAC, DO, opt]))
                    else:
                        self.sock.sendall(bytes([IAC, cmd, opt]))
                    seen += 1
                    i += 3
                else:
                    rest += data[i:i + 1]
                    i += 1
            self.buf += rest
            if seen:
                return

    def wait_for(self, chars, words, deadline_s=TIMEOUT):
        """Waits until the buffer ends (ignoring trailing blanks/NULs) in one of `chars` or
        contains one of `words`; returns the buffer and clears it. "ncorrect" ends the wait."""
        deadline = time.monotonic() + deadline_s
        while True:
            stripped = self.buf.rstrip(b" \0\r\n\t")
            if b"ncorrect" in self.buf:
                out, self.buf = self.buf, b""
                return out
            if stripped and stripped[-1:] in [bytes([c]) for c in chars]:
                out, self.buf = self.buf, b""
                return out
            if any(w in self.buf for w in words):
                out, self.buf = self.buf, b""
                return out
            self.buf += self.recv(deadline)

    def send_word(self, word):
        self.sock.sendall(word + b"\0\r\n")


def attempt(host, port, user, password):
    s = Scanner(host, port)
    result = {"credentials": "%s:%s" % (user, password), "result": "stalled"}
    try:
        s.handle_iacs()
        s.wait_for(b":>$#%", [b"ogin", b"enter"])
        s.sock.sendall(user.encode() + b"\r\n")
        s.wait_for(b":>$#", [b"assword"])
        s.sock.sendall(password.encode() + b"\r\n")
        sent_password = time.monotonic()
        reply = s.wait_for(b":>$#%", [])
        if b"ncorrect" in reply:
            result["result"] = "failed"
            result["seconds_to_incorrect"] = round(time.monotonic() - sent_password, 3)
            return result
        for word in (b"enable", b"system", b"shell", b"sh"):
            s.send_word(word)
            reply = s.wait_for(b":>$#%", [])
            if b"ncorrect" in reply:
                result["result"] = "failed"
                return result
        s.send_word(b"/bin/busybox MIRAI")
        reply = s.wait_for(b"", [b"MIRAI: applet not found"])
        result["result"] = "success" if b"MIRAI: applet not found" in reply else "wrong-token"
        return result
    except Stalled as e:
        result["detail"] = str(e)
        return result
    finally:
        s.sock.close()


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    last = None
    for pair in sys.argv[3:]:
        user, _, password = pair.partition(":")
        last = attempt(host, port, user, password)
        print(json.dumps(last), flush=True)
    sys.exit(0 if last and last["result"] == "success" else 1)


if __name__ == "__main__":
    main()
