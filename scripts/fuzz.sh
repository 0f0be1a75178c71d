#!/usr/bin/env bash
# fuzz.sh [SECONDS [LIBFUZZER-OPTION...]]: fuzzes scenario and sweep loading, and a bounded
# simulation of every input that loads, with libFuzzer and AddressSanitizer. Fuzz/README.md says
# what the target checks.
#
# SECONDS (default 60) is the fuzzing time; the build comes before it: 50 to 90 s on 2 cores from
# cold, seconds after that.
#
#   scripts/fuzz.sh 60                    # the CI campaign: 60 s of fuzzing, about 2.5 min cold
#   FUZZ_JOBS=2 scripts/fuzz.sh 3600      # a long campaign: 2 workers, keep going past findings
#
# It builds .build-fuzz/release/dispatch-fuzz, writes seeds (Fuzz/make_seeds.py) to
# .build-fuzz/seeds and fuzzes from them and from Fuzz/regressions; what it finds is kept in
# .build-fuzz/corpus, which long campaigns (600 s or more) also start from. Inputs that break the
# contract go to .build-fuzz/artifacts/, and the script exits 1 and says how to replay them.
# Without FUZZ_JOBS the fuzzer stops at the first such input; with FUZZ_JOBS=N, libFuzzer forks N
# workers and keeps going after crashes, timeouts and out-of-memory inputs, collecting them all.
set -euo pipefail
cd "$(dirname "$0")/.."

budget=${1:-60}
shift || true
start=$SECONDS
scratch=.build-fuzz

echo "fuzz.sh: building the fuzz target (release, -sanitize=fuzzer,address) in $scratch"
mkdir -p "$scratch"
# -sanitize=fuzzer instruments the Swift code for coverage and links libFuzzer; the C of libyaml
# (inside Yams) is instrumented through -Xcc. The harness's own main calls libFuzzer's driver.
if ! swift build -c release --scratch-path "$scratch" --product dispatch-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DDISPATCH_LIBFUZZER \
        -Xcc -fsanitize=fuzzer-no-link,address > "$scratch/build.log" 2>&1; then
    grep -v "ld.gold: warning: Cannot export local symbol" "$scratch/build.log" >&2
    echo "fuzz.sh: the build failed" >&2
    exit 2
fi
binary="$scratch/release/dispatch-fuzz"
echo "fuzz.sh: built in $(( SECONDS - start )) s"

# Short campaigns start from about a hundred seeds, long ones (10 min or more) from several
# hundred, which take libFuzzer about 30 s to read; FUZZ_SEEDS=full or quick chooses.
seeds=${FUZZ_SEEDS:-$( (( budget >= 600 )) && echo full || echo quick )}
python3 Fuzz/make_seeds.py $( [[ $seeds == quick ]] && echo --quick ) "$scratch/seeds"
mkdir -p "$scratch/corpus" "$scratch/artifacts"
# libFuzzer runs every input of its corpus folders before it fuzzes, whatever its time limit: a
# short campaign starts from the seeds alone, in a folder of its own, and adds what it found to the
# kept corpus afterwards; a long one starts from the kept corpus too.
corpus="$scratch/corpus"
if [[ $seeds == quick ]]; then
    corpus="$scratch/corpus-run"
    rm -rf "$corpus"
    mkdir -p "$corpus"
fi

seconds=$budget
# Result folders of cheap inputs are written under TMPDIR: keep them in memory when we can.
if [[ -d /dev/shm && -w /dev/shm ]]; then export TMPDIR=/dev/shm; fi
# A crash must reach libFuzzer's handler, not Swift's interactive backtracer.
export SWIFT_BACKTRACE=enable=no
# LeakSanitizer is off: the target keeps results in a process-wide workspace on purpose.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

options=(
    -dict=Fuzz/scenario.dict
    -max_total_time="$seconds"
    -timeout=10               # seconds per input: more is a hang
    -rss_limit_mb=2048        # more is unbounded memory
    -malloc_limit_mb=1024     # so is any single allocation above 1 GiB
    -max_len=20000            # bytes; the largest scenario in Scenarios/ is about 14000
    -artifact_prefix="$scratch/artifacts/"
    -print_final_stats=1
)
if [[ -n ${FUZZ_JOBS:-} ]]; then
    options+=(-fork="$FUZZ_JOBS" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi

before=$(find "$scratch/artifacts" -type f | wc -l)
echo "fuzz.sh: fuzzing for $seconds s${FUZZ_JOBS:+ with $FUZZ_JOBS forked worker(s)}"
status=0
"$binary" "${options[@]}" "$@" "$corpus" "$scratch/seeds" Fuzz/regressions 2>&1 \
    | grep --line-buffered -v -E "^#[0-9]+\s+(NEW|REDUCE)|^\s*NEW_FUNC|^\"|^###### " || status=${PIPESTATUS[0]}
after=$(find "$scratch/artifacts" -type f | wc -l)
[[ $corpus == "$scratch/corpus" ]] || cp -n "$corpus"/* "$scratch/corpus"/ 2>/dev/null || true

echo "fuzz.sh: $(( SECONDS - start )) s in all; corpus $(find "$scratch/corpus" -type f | wc -l) inputs"
if (( status != 0 || after > before )); then
    echo "fuzz.sh: inputs that break the contract are in $scratch/artifacts/:" >&2
    find "$scratch/artifacts" -type f -newer "$scratch/seeds" | sed 's/^/  /' >&2
    cat >&2 <<EOF
Group them by failure, with the smallest input of each:  Fuzz/triage.sh
Replay one with a readable stack:  Fuzz/triage.sh FILE, or (plain build, Swift backtraces)
  swift build --product dispatch-fuzz && .build/debug/dispatch-fuzz FILE
Shrink one:  $binary -minimize_crash=1 -runs=20000 FILE
Then copy it to Fuzz/regressions/<what-it-does>.yaml with a '# Found: ...' comment at the top:
the regression tests (FuzzRegressionTests) replay every file there.
EOF
    exit 1
fi
echo "fuzz.sh: no input broke the contract"
