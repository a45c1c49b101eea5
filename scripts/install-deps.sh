#!/usr/bin/env bash
# Installs every Debian package that busytrap's build, tests and benchmarks need.
# Idempotent: packages already present are skipped, and apt is not touched at all when
# nothing is missing (so repeated `make test` runs cost nothing and need no network).
set -euo pipefail

packages=(
  # toolchain and build
  g++ cmake ninja-build make pkg-config clang libclang-rt-14-dev
  # libraries (see docs/ARCHITECTURE.md for what each is for)
  libsimdjson-dev libfmt-dev libcli11-dev libtomlplusplus-dev libssl-dev zlib1g-dev
  libisal-dev libsqlite3-dev libtelnet-dev libasio-dev libmaxminddb-dev libcurl4-openssl-dev libseccomp-dev
  # tests and benchmarks
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  inetutils-telnet busybox jq sqlite3 python3 gzip pigz hyperfine iproute2 util-linux
  procps time strace
  # the HTML report's test renders pages in a headless browser
  chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
