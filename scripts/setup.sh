#!/usr/bin/env bash
# setup.sh: installs what DispatchSim needs on a fresh Debian machine: GSL and pkg-config (system
# packages, as root), the Swift packages, and the pinned Python packages (requirements.txt) into
# the project's .venv. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! pkg-config --exists gsl 2>/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: GSL is missing. Install it as root: apt-get update && apt-get install -y libgsl-dev pkg-config" >&2
        exit 1
    fi
    echo "setup: installing libgsl-dev and pkg-config" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgsl-dev pkg-config >/dev/null
fi
echo "setup: GSL $(pkg-config --modversion gsl) found" >&2

swift package resolve >/dev/null

if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv" >&2
    python3 -m venv .venv
fi
if ! cmp -s requirements.txt .venv/.installed-requirements 2>/dev/null; then
    echo "setup: installing Python packages from requirements.txt into .venv" >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
    cp requirements.txt .venv/.installed-requirements
fi
