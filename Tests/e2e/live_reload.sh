#!/usr/bin/env bash
# Live reload in a real terminal (tmux, 100x30): two files on one clock; an edit written in
# place shows the new run; a broken edit keeps the old run and shows file:line:col; a fix saved
# by rename (as many editors do) shows the fixed run; a knob and w save a new file beside the
# original; q gives the terminal back.
#
# usage: Tests/e2e/live_reload.sh path/to/gilview
set -euo pipefail

socket="gilview-live-$$"
pane="live"
source "$(dirname "$0")/tmux_harness.sh"
scenarios=$(realpath "$(dirname "$0")/../../scenarios")
cp "$scenarios/cpu_bound.json" "$work/live.json"
cp "$scenarios/io_bound.json" "$work/other.json"

# Polls until the pane no longer shows $1 (an extended regex).
wait_gone() {
    local tries=100
    while ((tries-- > 0)); do
        screen | grep -Eq -- "$1" || return 0
        sleep 0.1
    done
    fail "still showing /$1/"
}
# edit FILE SED-EXPRESSION: rewrites FILE in place (same inode), as `>` does.
edit_in_place() { sed -e "$2" "$1" > "$1.new"; cat "$1.new" > "$1"; rm "$1.new"; }
# edit FILE SED-EXPRESSION: writes a new file and renames it over FILE (a new inode).
edit_by_rename() { sed -e "$2" "$1" > "$work/.save.tmp"; mv "$work/.save.tmp" "$1"; }

start_shell
run_in_shell live "LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no '$binary' live.json other.json --paused"
wait_for 'gilview +live\.json \+ other\.json'
wait_for 'live\.json · 4 threads'
wait_for 'other\.json · asyncio'
wait_for 'done 0/8'
echo "ok   two files on one clock, panes labelled by file"

# Step on a little: reloads must keep the playback time.
tmux_ send-keys -t "$pane" . . .
wait_for 't=15\.000ms'

# An edit written in place: 4 threads become 6 (and the note that shows them follows), 8 requests 12.
edit_in_place "$work/live.json" 's/"name": "4 threads",        "threads": 4/"name": "6 threads", "threads": 6/; s/"requests": 8,/"requests": 12,/; s/"model": "4 threads"/"model": "6 threads"/'
wait_for 'live\.json · 6 threads'
wait_for 'done [0-9]+/12'
wait_for 't=15\.000ms'
echo "ok   edit in place: new run shown at the same time"

# A broken edit: the old run stays, the error says where.
edit_in_place "$work/live.json" 's/"requests": 12,/"requests": 12x,/'
wait_for 'live\.json:[0-9]+:[0-9]+: '
wait_for 'last good run'
screen | grep -Eq 'live\.json · 6 threads' || fail "the last good run is gone"
screen | grep -Eq 'done [0-9]+/12' || fail "the last good run is gone"
echo "ok   broken edit: error shown ($(screen | grep -Eo 'live\.json:[0-9]+:[0-9]+' | head -1)), last good run kept"

# The fix, saved by rename: the error goes, the fixed run shows.
edit_by_rename "$work/live.json" 's/"requests": 12x,/"requests": 10,/'
wait_for 'done [0-9]+/10'
wait_gone 'last good run'
wait_for 't=15\.000ms'
echo "ok   fix saved by rename: fixed run shown, error gone"

# A knob on the focused (first) model, then w: a new file beside the original.
tmux_ send-keys -t "$pane" T
wait_for 'live\.json · 1 thread \* threads 1→2'
tmux_ send-keys -t "$pane" w
wait_for 'saved the tweaked scenario to live\.tweaked\.json'
[[ -f $work/live.tweaked.json ]] || fail "live.tweaked.json was not written"
"$binary" validate "$work/live.tweaked.json" >/dev/null || fail "the saved file does not validate"
grep -q '"threads": 2' "$work/live.tweaked.json" || fail "the saved file lacks the tweak"
grep -q '"requests": 10' "$work/live.tweaked.json" || fail "the saved file lacks the reloaded edit"
tmux_ send-keys -t "$pane" w
wait_for 'saved the tweaked scenario to live\.tweaked-2\.json'
echo "ok   knob shown in the pane title; w saved live.tweaked.json, then live.tweaked-2.json"

tmux_ send-keys -t "$pane" q
wait_for 'END-live rc=0' 10
problems=$(terminal_problems live '│ GIL ')
[[ -z $problems ]] || fail "$problems"
echo "ok   quit with q, terminal restored"
echo "live reload end-to-end test passed"
