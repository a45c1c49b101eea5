"""Reading and checking busytrap's JSON event log in tests (imported by the serve_*.sh scripts'
inline checks). Strict: every line must be a JSON object with Cowrie's shared fields."""
import json
import re
import sys

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
SESSION = re.compile(r"^[0-9a-f]{12}$")


class Failure(Exception):
    pass


def check(condition, message, *details):
    if not condition:
        raise Failure(message + "".join(" | %r" % (d,) for d in details))


def load(path, src_ip="127.0.0.1", sensor="busytrap"):
    """Returns the events in file order, after checking the fields every event carries
    (src_ip=None: any source address)."""
    events = []
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            check(raw.endswith(b"\n"), "line %d is not terminated" % number, raw[-80:])
            event = json.loads(raw)
            check(isinstance(event, dict), "line %d is not an object" % number)
            check(isinstance(event.get("eventid"), str), "no eventid", event)
            check(TIMESTAMP.match(event.get("timestamp", "")), "bad timestamp", event)
            check(SESSION.match(event.get("session", "")), "bad session id", event)
            check(src_ip is None or event.get("src_ip") == src_ip, "bad src_ip", event)
            check(event.get("sensor") == sensor, "bad sensor", event)
            check(isinstance(event.get("message"), str), "no message", event)
            events.append(event)
    return events


def sessions(events):
    """Events grouped by session id, in order of the sessions' first event."""
    grouped = {}
    for event in events:
        grouped.setdefault(event["session"], []).append(event)
    return grouped


def fields(event, **expected):
    """Checks that `event` has exactly these values (a type means: any value of that type)."""
    for name, want in expected.items():
        check(name in event, "missing field %s" % name, event)
        if isinstance(want, type):
            check(isinstance(event[name], want) and not (want is int and isinstance(event[name], bool)),
                  "field %s is not %s" % (name, want.__name__), event)
        else:
            check(event[name] == want, "field %s is %r, expected %r" % (name, event[name], want), event)


def of(session_events, eventid):
    return [e for e in session_events if e["eventid"] == eventid]


def run(main):
    try:
        main()
    except Failure as e:
        print("FAIL:", e, file=sys.stderr)
        sys.exit(1)
