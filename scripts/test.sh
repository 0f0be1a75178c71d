#!/usr/bin/env bash
# test.sh: runs every test of the project (the Swift test suite). Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
