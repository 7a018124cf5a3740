#!/usr/bin/env bash
# gilview export against bad destinations and hostile names: a clear message naming the path and
# exit 1 for a file that cannot be written (74 for standard output), no partial or temporary file
# left behind, an existing file left as it was; nothing unsafe printed. No terminal needed.
#
# usage: Tests/e2e/export.sh path/to/gilview
set -uo pipefail
binary=$1
root="$(cd "$(dirname "$0")/../.." && pwd)"
scenario="$root/scenarios/convoy_effect.json"
hostile="$root/Tests/fixtures/hostile/hostile_names.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL $*"; failed=1; }
ok() { echo "ok   $*"; }
# The files in a directory, hidden ones (a temporary file) included.
listing() { ls -A "$1" | tr '\n' ' '; }

mkdir "$work/out"
"$binary" export "$scenario" --trace "$work/out/run.json" --csv "$work/out/run.csv" --svg "$work/out/run.svg" \
    >"$work/stdout" 2>"$work/stderr"
status=$?
[[ $status == 0 && "$(listing "$work/out")" == "run.csv run.json run.svg " && ! -s "$work/stdout" ]] &&
    grep -q "wrote $work/out/run.json" "$work/stderr" && ok "three exports, nothing else in the directory" ||
    fail "three exports: exit $status, files: $(listing "$work/out"), $(cat "$work/stderr")"

"$binary" export "$scenario" --csv - --model 2 >"$work/csv" 2>"$work/stderr"
status=$?
[[ $status == 0 ]] && head -1 "$work/csv" | grep -q '^model,request,job,process,arrival_ms' &&
    [[ $(cut -d, -f1 "$work/csv" | sort -u | wc -l) == 2 ]] && ok "--csv - writes the CSV, one model's, to standard output" ||
    fail "--csv -: exit $status, $(head -2 "$work/csv")"

# Each bad destination: exit 1, the path named with the reason, no file and no temporary file.
bad() {  # description, option, path, expected message
    rm -rf "$work/out" && mkdir "$work/out"
    "$binary" export "$scenario" --svg "$work/out/fine.svg" "$2" "$3" >"$work/stdout" 2>"$work/stderr"
    local status=$?
    if [[ $status == 1 ]] && grep -qF -- "$2 $3: $4" "$work/stderr" && [[ -z "$(listing "$work/out")" ]]; then
        ok "$1: exit 1, \"$(head -1 "$work/stderr")\""
    else
        fail "$1: exit $status, files: $(listing "$work/out"), stderr: $(cat "$work/stderr")"
    fi
}
bad "a directory" --trace "$work" "is a directory"
bad "a missing directory" --csv "$work/nowhere/run.csv" "the directory $work/nowhere does not exist"
bad "a directory no file can be created in" --csv /proc/gilview-export.csv "cannot create a file in /proc"
bad "a full disk" --trace /dev/full "cannot write it (No space left on device)"

# A failed export leaves an existing file as it was.
echo "old contents" >"$work/keep.csv"
"$binary" export "$scenario" --csv "$work/keep.csv" --trace /dev/full >/dev/null 2>&1
status=$?
[[ $status == 1 && "$(cat "$work/keep.csv")" == "old contents" && "$(listing "$work")" != *".keep.csv."* ]] &&
    ok "a failed export leaves the existing file as it was" || fail "existing file: exit $status, $(head -c 80 "$work/keep.csv")"

"$binary" export "$scenario" --trace - >/dev/full 2>"$work/stderr"
status=$?
[[ $status == 74 ]] && grep -q "cannot write the output: No space left on device" "$work/stderr" &&
    ok "standard output on a full disk: exit 74" || fail "--trace - >/dev/full: exit $status, $(cat "$work/stderr")"

# Usage mistakes: exit 2 before anything runs.
usage() {  # description, expected message, arguments...
    local description=$1 message=$2
    shift 2
    "$binary" export "$@" >/dev/null 2>"$work/stderr"
    local status=$?
    [[ $status == 2 ]] && grep -qF -- "$message" "$work/stderr" && ok "$description: exit 2" ||
        fail "$description: exit $status, $(cat "$work/stderr")"
}
usage "no export asked for" "give at least one of --trace FILE" "$scenario"
usage "two exports to standard output" "only one export can go to standard output" "$scenario" --csv - --trace -
usage "--from after --to" "must come before --to" "$scenario" --csv "$work/x.csv" --from 2s --to 1s
usage "a bare number" "--to:" "$scenario" --csv "$work/x.csv" --to 5
usage "an unknown model" "--model \"nope\" names no model" "$scenario" --csv "$work/x.csv" --model nope

# Hostile names: every export escapes them; what reaches the terminal holds no control character.
unsafe='[\x00-\x08\x0B-\x1F\x7F]|\xC2[\x80-\x9F]|\xE2\x80[\x8E\x8F\xAA-\xAE]|\xE2\x81[\xA6-\xA9]'
for kind in trace csv svg; do
    "$binary" export "$hostile" --$kind - >"$work/hostile.$kind" 2>"$work/hostile.$kind.stderr"
    status=$?
    if [[ $status != 0 ]]; then
        fail "hostile names, --$kind -: exit $status"
    elif LC_ALL=C grep -aqP "$unsafe" "$work/hostile.$kind" "$work/hostile.$kind.stderr"; then
        fail "hostile names, --$kind -: a control or bidi character reached the output"
    else
        ok "hostile names, --$kind -: escaped"
    fi
done
python3 - "$work/hostile.svg" "$work/hostile.trace" <<'EOF' && ok "the hostile SVG is well-formed XML, the trace valid JSON" || fail "hostile SVG or trace does not parse"
import json, sys, xml.dom.minidom
xml.dom.minidom.parse(sys.argv[1])
json.load(open(sys.argv[2], encoding="utf-8"))
EOF

# Interrupted: the temporary file is removed, nothing is left, exit 130.
rm -rf "$work/out" && mkdir "$work/out"
"$binary" export "$root/benchmarks/million_requests.json" --trace "$work/out/big.json" --quiet &
pid=$!
sleep 1.5
kill -INT $pid
wait $pid
status=$?
[[ $status == 130 && -z "$(listing "$work/out")" ]] && ok "Ctrl-C: exit 130, no file left" ||
    fail "Ctrl-C: exit $status, files: $(listing "$work/out")"

exit $failed
