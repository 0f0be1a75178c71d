#!/usr/bin/env bash
# test.sh: runs every test of the project: the Swift test suite, then the Python tests (the Dask
# sweep driver) against the dispatchsim that the Swift build made. Run scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build
DISPATCHSIM="$(swift build --show-bin-path)/dispatchsim" \
    .venv/bin/python -m pytest -p no:cacheprovider -q Tests/python
