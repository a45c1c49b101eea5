#!/usr/bin/env python3
"""Rewrites a Cowrie JSON log as the Twisted text log (cowrie.log) that older Cowrie wrote for
the same events, so tests can check that both forms of the same records give the same tables.

Each session gets the transport number Cowrie would have given it (a connection counter), and
every event of a session becomes one line in its bracket; session.closed becomes
"Connection lost". Commands with newlines are continued on TAB-indented lines, as Twisted does.
"""
import json
import sys


def text_time(ts):
    # 2019-07-08T09:57:26.072356Z -> 2019-07-08T09:57:26.072356+0000
    return ts[:-1] + "+0000" if ts.endswith("Z") else ts


def main(src, dst):
    numbers = {}
    protocols = {}
    ips = {}
    with open(src, "rb") as f, open(dst, "wb") as out:
        for raw in f:
            event = json.loads(raw.decode("utf-8", "surrogateescape"))
            session = event.get("session")
            ts = text_time(event["timestamp"])
            eventid = event["eventid"]
            if session and session not in numbers:
                numbers[session] = len(numbers) + 1
            if "protocol" in event:
                protocols[session] = event["protocol"]
            if "src_ip" in event:
                ips[session] = event["src_ip"]
            if eventid == "cowrie.session.connect":
                factory = "cowrie.telnet.transport.HoneyPotTelnetFactory" if event.get("protocol") == "telnet" else "cowrie.ssh.factory.CowrieSSHFactory"
                line = f"{ts} [{factory}] New connection: {event['src_ip']}:{event.get('src_port', 0)} ({event.get('dst_ip', '')}:{event.get('dst_port', 0)}) [session: {session}]"
                out.write(line.encode("utf-8", "surrogateescape") + b"\n")
                continue
            transport = "CowrieTelnetTransport" if protocols.get(session) == "telnet" else "HoneyPotSSHTransport"
            bracket = f"[{transport},{numbers[session]},{ips.get(session, '0.0.0.0')}]"
            if eventid == "cowrie.command.input":
                message = "CMD: " + event["input"].replace("\n", "\n\t")
            elif eventid == "cowrie.session.closed":
                message = "Connection lost after 1 seconds"
            else:
                message = str(event.get("message", eventid)).replace("\n", " ")
            out.write(f"{ts} {bracket} {message}".encode("utf-8", "surrogateescape") + b"\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
