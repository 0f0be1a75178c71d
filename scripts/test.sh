#!/usr/bin/env bash
# test.sh [--quick]: runs every test of the project. Run scripts/setup.sh first.
#
#   1. the Swift test suite (built in .build), then the Python tests against the dispatchsim that
#      build made, each run in processes of its own: byte-identical results folders from two
#      processes for every file in Scenarios/, shards, kill-and-resume and the Dask driver on
#      funding-split.yaml, and the notebooks: about 2.5 min from a clean clone on 2 cores;
#   2. a fuzzing campaign of scenario and sweep loading (scripts/fuzz.sh 60): 60 s of fuzzing
#      after its build, about 2.5 min from a clean clone (cold build);
#   3. the Swift tests under AddressSanitizer and ThreadSanitizer (scripts/sanitizers.sh): about
#      5 min from a clean clone, 2.5 min each.
#
# About 8 to 9 minutes in all from a clean clone, scripts/setup.sh included, on 2 cores; CI (.ci/run) runs all of it. --quick runs step 1 only, for development (about 50 s once
# built). Stops at the first failure, with a non-zero exit status.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
case ${1:-} in
    "") ;;
    --quick) quick=true ;;
    *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac

start=$SECONDS
swift build --build-tests
swift test --skip-build
DISPATCHSIM="$(swift build --show-bin-path)/dispatchsim" \
    .venv/bin/python -m pytest -p no:cacheprovider -q Tests/python
echo "test.sh: Swift and Python tests passed ($(( SECONDS - start )) s)"
if $quick; then
    echo "test.sh: --quick: fuzzing and sanitizers skipped"
    exit 0
fi

scripts/fuzz.sh 60
scripts/sanitizers.sh
echo "test.sh: every test passed, fuzzing and sanitizers included ($(( SECONDS - start )) s)"
