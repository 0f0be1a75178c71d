#!/usr/bin/env bash
# sanitizers.sh [address|thread]...: runs the Swift tests under AddressSanitizer and under
# ThreadSanitizer (both by default), each built in its own scratch folder (.build-asan,
# .build-tsan), and fails on the first report. Run scripts/setup.sh first.
#
# Both run every test: AddressSanitizer for out-of-bounds and use-after-free in the engine's raw
# buffers, the C shim over GSL and libyaml, and in the tools the tests start (dispatchsim,
# dispatch-fuzz), which are built with it too; ThreadSanitizer for data races, above all in runs and
# sweeps, which execute replications and save their results on several threads (`--jobs`; the
# SweepTests, RunOutputTests and ExampleScenarioTests suites), and between tests, which Swift
# Testing runs in parallel. On 2 cores: about 2.5 min each, build included (a cold build is most
# of it). To run only the threaded suites under ThreadSanitizer (about 20 s of tests instead of
# 70): SANITIZERS_TSAN_FILTER='SweepTests|RunOutputTests|ExampleScenarioTests'.
set -euo pipefail
cd "$(dirname "$0")/.."

# Stop at the first report, with a failing exit status; Swift's backtracer would only repeat it.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=0:detect_stack_use_after_return=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
export SWIFT_BACKTRACE=enable=no

run() {
    local sanitizer=$1 scratch=$2
    shift 2
    local start=$SECONDS
    echo "sanitizers.sh: building the tests with --sanitize=$sanitizer in $scratch"
    mkdir -p "$scratch"
    if ! swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" > "$scratch/build.log" 2>&1; then
        grep -v "ld.gold: warning: Cannot export local symbol" "$scratch/build.log" >&2
        echo "sanitizers.sh: the $sanitizer build failed" >&2
        exit 2
    fi
    echo "sanitizers.sh: built in $(( SECONDS - start )) s; testing under $sanitizer${1:+ ($*)}"
    swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" "$@"
    echo "sanitizers.sh: $sanitizer: no report, $(( SECONDS - start )) s in all"
}

sanitizers=("$@")
(( ${#sanitizers[@]} )) || sanitizers=(address thread)
for sanitizer in "${sanitizers[@]}"; do
    case $sanitizer in
        address) run address .build-asan ;;
        thread) run thread .build-tsan ${SANITIZERS_TSAN_FILTER:+--filter "$SANITIZERS_TSAN_FILTER"} ;;
        *) echo "sanitizers.sh: unknown sanitizer '$sanitizer' (address or thread)" >&2; exit 2 ;;
    esac
done
