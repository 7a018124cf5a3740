#!/usr/bin/env bash
# Opens convoy_effect.json in a real terminal (tmux, 100x30), goes to its second note and
# inspects T2 of the 5 ms model: the footer names the GIL's holder, what it runs and when the
# drop request comes; x puts the cursor away and the legend is back; the ruler under the lanes
# labels round times; [ pans the lanes (and the ruler) back and End returns; a mouse click inspects a cell and the wheel pans; q quits, terminal restored.
#
# usage: Tests/e2e/inspect.sh path/to/gilview
set -euo pipefail

socket="gilview-inspect-$$"
pane="inspect"
source "$(dirname "$0")/tmux_harness.sh"
scenario=$(realpath "$(dirname "$0")/../../scenarios/convoy_effect.json")

start_shell
run_in_shell inspect "LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no '$binary' '$scenario' --paused"
wait_for 'gilview .*convoy_effect\.json'
tmux_ send-keys -t "$pane" n n
wait_for 'Note 2/4'

# The ruler in the bottom border: at t = 12 ms, 1 ms a cell, ticks at 0 and 10 ms, 10 cells apart.
column_of() { screen | grep '^└' | tail -1 | python3 -c "import sys; print(sys.stdin.read().find('$1'))"; }
zero=$(column_of '┴0ms'); ten=$(column_of '┴10ms')
(( zero > 0 && ten - zero == 10 )) || fail "ruler: ┴0ms at column $zero, ┴10ms at $ten: $(screen | grep '^└' | tail -1)"
echo "ok   the ruler labels 0 ms and 10 ms, 10 cells apart"

tmux_ send-keys -t "$pane" x Down Down Left Left
wait_for 'T2 [0-9.]+ms–[0-9.]+ms: waiting for the GIL 100%'
# The explanation wraps at the pane's width: its parts are checked one by one.
wait_for 'T2 waits for the GIL for request 2 \(io loop, cpu\): T1 holds it, running request 1'
wait_for 'T2 asks it to drop the GIL at [0-9.]+ms'
screen | grep -q '▓ no core' && fail "the legend is still shown while inspecting"
echo "ok   a GIL wait explained: holder, its work, the drop request"

tmux_ send-keys -t "$pane" x
wait_for '▓ no core'
screen | grep -q 'T1 holds it' && fail "the explanation stayed after x"
echo "ok   x puts the cursor away"

# Panned back 10 cells (10 ms at 1 ms a cell): the header says where the lanes end.
tmux_ send-keys -t "$pane" '['
wait_for 'lanes to t=2\.000ms \(End: now\)'
panned=$(column_of '┴0ms')
(( panned - zero == 10 )) || fail "ruler after the pan: ┴0ms at column $panned, was $zero"
echo "ok   the ruler moves with the lanes"
tmux_ send-keys -t "$pane" End
wait_for 't=12\.000ms  speed'
screen | grep -q 'lanes to t=' && fail "End did not bring the lanes back to now"
echo "ok   [ pans the lanes back, End returns"

# The mouse, as an xterm reports it (ESC [ M, button, column, row; each + 32, 1-based):
# a click on the first T2 lane 20 cells from its right end inspects that cell (8-9 ms at
# t = 12 ms, 1 ms a cell, 75 cells at 100 columns); the wheel turned up pans the lanes back.
mouse() { tmux_ send-keys -t "$pane" -l "$(python3 -c "import sys; sys.stdout.write('\x1b[M' + chr(32 + $1) + chr(33 + $2) + chr(33 + $3))")"; }
row=$(( $(screen | grep -n '^│ T2 ' | head -1 | cut -d: -f1) - 1 ))
mouse 0 80 "$row"; mouse 3 80 "$row"
wait_for 'T2 8\.000ms–9\.000ms: waiting for the GIL 100%'
echo "ok   a click inspects the cell under it"
mouse 64 50 5
wait_for 'lanes to t=2\.000ms \(End: now\)'
echo "ok   the wheel pans the lanes back"

tmux_ send-keys -t "$pane" q
wait_for 'END-inspect rc=0'
problems=$(terminal_problems inspect 'convoy_effect')
[[ -z $problems ]] || fail "$problems"
echo "inspect end-to-end test passed"
