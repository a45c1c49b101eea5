#!/usr/bin/env python3
"""Writes a tiny MaxMind DB (format 2.0, https://maxmind.github.io/MaxMind-DB/) for the tests of
`busytrap analyze --geoip`: an IPv4 search tree (24-bit records) whose networks map to
{"country": {"iso_code": CC}} entries.

usage: write_test_mmdb.py OUT.mmdb NETWORK=CC [NETWORK=CC ...]   e.g. 5.188.86.0/24=RU 10.0.0.0/8=ZZ
"""
import ipaddress
import struct
import sys


def control(type_id, size):
    """Control byte(s) of a data-section field: type in the top 3 bits (extended types > 7
    in a second byte), size in the low 5 bits (29-31: size in following bytes)."""
    extended = type_id > 7
    first = (0 if extended else type_id) << 5
    tail = b""
    if size < 29:
        first |= size
    elif size < 29 + 256:
        first |= 29
        tail = bytes([size - 29])
    elif size < 285 + 65536:
        first |= 30
        tail = struct.pack(">H", size - 285)
    else:
        first |= 31
        tail = struct.pack(">I", size - 65821)[1:]
    out = bytes([first])
    if extended:
        out += bytes([type_id - 7])
    return out + tail


def encode(value):
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return control(2, len(raw)) + raw
    if isinstance(value, dict):
        out = control(7, len(value))
        for key, item in value.items():
            out += encode(key) + encode(item)
        return out
    if isinstance(value, list):
        out = control(11, len(value))
        for item in value:
            out += encode(item)
        return out
    if isinstance(value, tuple):  # (type_id, int): uint16 = 5, uint32 = 6, uint64 = 9
        type_id, number = value
        raw = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
        return control(type_id, len(raw)) + raw
    raise TypeError(value)


def build(networks):
    """networks: list of (IPv4Network, iso_code). Returns the file's bytes."""
    data = b""
    offsets = {}
    for _, code in networks:
        if code not in offsets:
            offsets[code] = len(data)
            data += encode({"country": {"iso_code": code}})
    # Binary trie over the address bits; a node is [left, right], each None, a node index or
    # ("data", code).
    nodes = [[None, None]]
    for network, code in networks:
        bits = int(network.network_address)
        node = 0
        for depth in range(network.prefixlen):
            bit = (bits >> (31 - depth)) & 1
            if depth == network.prefixlen - 1:
                nodes[node][bit] = ("data", code)
            else:
                child = nodes[node][bit]
                if not isinstance(child, int):
                    nodes.append([None, None])
                    child = len(nodes) - 1
                    nodes[node][bit] = child
                node = child
    node_count = len(nodes)

    def record(value):
        if value is None:
            return node_count  # no data
        if isinstance(value, int):
            return value
        return node_count + 16 + offsets[value[1]]

    tree = b""
    for left, right in nodes:
        tree += struct.pack(">I", record(left))[1:] + struct.pack(">I", record(right))[1:]
    metadata = encode({
        "node_count": (6, node_count),
        "record_size": (5, 24),
        "ip_version": (5, 4),
        "database_type": "busytrap-test-country",
        "languages": ["en"],
        "binary_format_major_version": (5, 2),
        "binary_format_minor_version": (5, 0),
        "build_epoch": (9, 1700000000),
        "description": {"en": "busytrap test database"},
    })
    return tree + b"\0" * 16 + data + b"\xab\xcd\xefMaxMind.com" + metadata


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    networks = []
    for arg in sys.argv[2:]:
        network, code = arg.split("=", 1)
        networks.append((ipaddress.IPv4Network(network), code))
    with open(sys.argv[1], "wb") as out:
        out.write(build(networks))


if __name__ == "__main__":
    main()
