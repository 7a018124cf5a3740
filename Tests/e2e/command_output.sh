#!/usr/bin/env bash
# The text commands against hostile files (Tests/fixtures/hostile): no control or bidi character
# from a scenario reaches the output; JSON stays valid; a failed write is an error, a closed
# standard error is not a crash. No terminal needed.
#
# usage: Tests/e2e/command_output.sh path/to/gilview
set -uo pipefail
binary=$1
fixtures="$(cd "$(dirname "$0")/../fixtures/hostile" && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL $*"; failed=1; }

# Bytes no output may hold: C0 controls but tab and line feed, DEL, and in UTF-8 the C1 controls
# and the bidirectional controls (ALM, LRM, RLM, LRE..RLO, LRI..PDI).
unsafe='[\x00-\x08\x0B-\x1F\x7F]|\xC2[\x80-\x9F]|\xD8\x9C|\xE2\x80[\x8E\x8F\xAA-\xAE]|\xE2\x81[\xA6-\xA9]'
check() {  # name, file holding stdout and stderr
    if LC_ALL=C grep -aqP "$unsafe" "$2"; then
        fail "$1 printed a control or bidi character: $(LC_ALL=C grep -aoP "$unsafe" "$2" | head -3 | od -An -c | head -2)"
    else
        echo "ok   $1"
    fi
}

"$binary" report "$fixtures/hostile_names.json" >"$work/report" 2>&1 || fail "report exited $?"
check report "$work/report"
"$binary" sweep "$fixtures/hostile_names.json" --vary threads=1,2 >"$work/sweep" 2>&1 || fail "sweep exited $?"
check sweep "$work/sweep"
"$binary" validate "$fixtures/hostile_raw_key.json" >"$work/validate" 2>&1
[[ $? == 1 ]] || fail "validate of an invalid file did not exit 1"
grep -q 'unknown key "bogus\\u{1B}\[2J\\u{7}"' "$work/validate" || fail "validate does not show the key: $(cat -v "$work/validate")"
check "validate (diagnostics)" "$work/validate"
GILVIEW_SCENARIOS="$fixtures" "$binary" >"$work/list" 2>&1 </dev/null || fail "the listing exited $?"
check "picker list" "$work/list"
"$binary" report --baseline nope "$fixtures/hostile_names.json" >"$work/usage" 2>&1
[[ $? == 2 ]] || fail "an unknown --baseline did not exit 2"
check "usage error naming the models" "$work/usage"

"$binary" report --json "$fixtures/hostile_names.json" >"$work/json" 2>/dev/null || fail "report --json exited $?"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["title"].startswith("TA\x1b]0;pwned"), d["title"]' "$work/json" &&
    echo "ok   report --json stays valid JSON holding the names as they are" || fail "report --json is not valid JSON with the names"

"$binary" report "$fixtures/hostile_names.json" >/dev/full 2>"$work/full"
status=$?
[[ $status == 74 ]] && grep -q "cannot write the output: No space left on device" "$work/full" &&
    echo "ok   a full disk: exit 74 and a message" || fail "a full disk: exit $status, $(cat "$work/full")"

"$binary" validate "$fixtures/hostile_raw_key.json" >/dev/null 2>&-
status=$?
[[ $status == 1 ]] && echo "ok   validate with standard error closed exits 1" || fail "validate 2>&- exited $status"

# --emit naming a directory is a usage error before calibrating (no Python run at all).
"$binary" verify --emit "$work" --python /nonexistent/python3 "$fixtures/hostile_names.json" >"$work/emit" 2>&1
status=$?
[[ $status == 2 ]] && grep -q -- "--emit $work: is a directory" "$work/emit" &&
    echo "ok   verify --emit DIR refused before calibrating" || fail "verify --emit DIR: exit $status, $(cat "$work/emit")"

# A sweep of more runs than it runs unasked says how many and wants --yes.
"$binary" sweep "$fixtures/hostile_names.json" --vary threads=$(seq -s, 1 30) --vary switch_interval=1ms,2ms,3ms,4ms,5ms,6ms,7ms,8ms,9ms,10ms >"$work/big" 2>&1
status=$?
[[ $status == 2 ]] && grep -q "this sweep makes 600 runs (30 × 10 values × 2 models), more than 500; add --yes" "$work/big" &&
    echo "ok   a sweep of 600 runs wants --yes" || fail "a sweep of 600 runs: exit $status, $(cat "$work/big")"

# Runs that do not finish: a deadlock exits 5, a budget's stop 4; each says why on standard error.
runs="$(cd "$(dirname "$0")/../fixtures/runs" && pwd)"
"$binary" report "$runs/pool_deadlock.json" >"$work/deadlock" 2>"$work/deadlock.err"
status=$?
[[ $status == 5 ]] && grep -q '^deadlock: model "threads": 4 of 4 requests never completed' "$work/deadlock.err" &&
    grep -q '^threads: 4 of 4 requests never completed' "$work/deadlock" &&
    echo "ok   a deadlocked run: exit 5, said in the report and on standard error" ||
    fail "a deadlocked run: exit $status, $(cat "$work/deadlock.err")"
"$binary" report "$fixtures/hostile_names.json" --max-events 10 >"$work/stopped" 2>"$work/stopped.err"
status=$?
[[ $status == 4 ]] && grep -q '^stopped: model .*the event budget (10 events, --max-events) stopped it' "$work/stopped.err" &&
    ! grep -q 'never completed' "$work/stopped" &&
    echo "ok   a run stopped by a budget: exit 4, not called a deadlock" ||
    fail "a run stopped by a budget: exit $status, $(cat "$work/stopped.err")"
"$binary" export "$runs/pool_deadlock.json" --csv "$work/deadlock.csv" >/dev/null 2>"$work/export.err"
status=$?
[[ $status == 5 ]] && grep -q '^deadlock: model "threads"' "$work/export.err" &&
    echo "ok   an export of a deadlocked run: exit 5" || fail "an export of a deadlocked run: exit $status, $(cat "$work/export.err")"
# A window that ends while requests are in flight is not a deadlock.
"$binary" export "$runs/pool_deadlock.json" --csv "$work/window.csv" --to 500us >/dev/null 2>"$work/window.err"
status=$?
[[ $status == 0 ]] && ! grep -q deadlock "$work/window.err" &&
    echo "ok   an export window ending mid-run: exit 0" || fail "an export window ending mid-run: exit $status, $(cat "$work/window.err")"

exit $failed
