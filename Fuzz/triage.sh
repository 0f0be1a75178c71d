#!/usr/bin/env bash
# triage.sh [FILE|DIR]...: replays inputs (default: .build-fuzz/artifacts) with the plain
# dispatch-fuzz (no sanitizer, Swift backtraces on) and groups them by failure: the message and
# the first frame in Sources/. One line per group: a count, and the smallest input, so that a
# long campaign's hundreds of artifacts come down to a few bugs. Inputs that now pass are listed
# as such (fixed, or a timeout that only libFuzzer's limits caught).
set -euo pipefail
cd "$(dirname "$0")/.."

(( $# )) || set -- .build-fuzz/artifacts
scratch=.build-fuzz/replay
swift build --scratch-path "$scratch" --product dispatch-fuzz > /dev/null 2>&1 \
    || { swift build --scratch-path "$scratch" --product dispatch-fuzz; exit 2; }
binary="$(swift build --scratch-path "$scratch" --show-bin-path)/dispatch-fuzz"

declare -A count smallest size
while IFS= read -r -d '' file; do
    output=$(SWIFT_BACKTRACE=enable=yes,interactive=no,color=no timeout 60 "$binary" "$file" 2>&1) && status=0 || status=$?
    if (( status == 0 )); then
        signature="passes now: ${output#*: }"
        signature=${signature%%;*}
        signature=${signature:0:60}
    elif (( status == 124 )); then
        signature="timeout (60 s)"
    else
        message=$(grep -m1 -E "Fatal error|Precondition failed|Assertion failed|ERROR: AddressSanitizer" <<< "$output" \
            | sed -E 's/^.*(Fatal error|Precondition failed|Assertion failed): //; s/[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?/N/g' | cut -c1-110 || true)
        frame=$(grep -m1 -E " at /.*/Sources/" <<< "$output" | sed -E 's/^.* at \/.*\/(Sources\/[^:]+:[0-9]+).*$/\1/' || true)
        signature="$message @ ${frame:-?}"
    fi
    bytes=$(wc -c < "$file")
    count[$signature]=$(( ${count[$signature]:-0} + 1 ))
    if [[ -z ${size[$signature]:-} ]] || (( bytes < ${size[$signature]} )); then
        size[$signature]=$bytes
        smallest[$signature]=$file
    fi
done < <(find "$@" -type f -print0)

for signature in "${!count[@]}"; do
    printf '%4d  %s  [smallest: %s, %d bytes]\n' "${count[$signature]}" "$signature" \
        "${smallest[$signature]}" "${size[$signature]}"
done | sort -k1,1nr
