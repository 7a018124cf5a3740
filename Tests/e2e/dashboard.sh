#!/usr/bin/env bash
# Opens the dashboard on scenarios/io_bound.json in a real terminal (tmux, 100x30) and drives
# it: models and lanes shown, the clock running, pause, step, help, resize, quit; then checks
# the terminal came back (normal screen, cursor shown, stty as before).
#
# usage: Tests/e2e/dashboard.sh path/to/gilview
set -euo pipefail

socket="gilview-dash-$$"
pane="dash"
source "$(dirname "$0")/tmux_harness.sh"
scenario=$(realpath "$(dirname "$0")/../../scenarios/io_bound.json")

# The simulated time the header shows, e.g. 123.456ms.
clock() { screen | grep -Eo 't=[0-9.]+m?s' | head -1; }
# Polls until the clock differs from $1.
wait_clock_change() {
    local tries=100
    while ((tries-- > 0)); do
        [[ $(clock) != "$1" ]] && return 0
        sleep 0.1
    done
    fail "the clock stayed at $1"
}

start_shell
run_in_shell dash "LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no '$binary' '$scenario' --speed 1/5 --no-pause-at-notes"

# Every model and its lanes.
wait_for 'gilview .*io_bound\.json'
for text in '1 process, 1 thread' '1 process, 8 threads' '4 processes' 'asyncio' 'free-threaded, 8' \
    '│ GIL ' '│ T1 ' '│ GIL P1' 'T1 loop' 'done [0-9]+/[0-9]+' 'running' '\? help'; do
    wait_for "$text"
done
echo "ok   models and lanes shown"

# The clock runs and the figures move.
first=$(clock)
wait_clock_change "$first"
wait_for 'done [1-9][0-9]*/' 20
echo "ok   clock advancing ($first -> $(clock)), requests completing"

# Space pauses: the clock stops.
tmux_ send-keys -t "$pane" Space
wait_for '\|\| paused'
paused=$(clock)
sleep 0.5
[[ $(clock) == "$paused" ]] || fail "the clock moved while paused ($paused -> $(clock))"
echo "ok   paused at $paused"

# Right arrow steps to the next event.
tmux_ send-keys -t "$pane" Right
wait_clock_change "$paused"
echo "ok   stepped to $(clock)"

# ? opens the help; any other key closes it.
tmux_ send-keys -t "$pane" '?'
wait_for 'Keys: any other key closes this'
wait_for 'step one event back / forward'
tmux_ send-keys -t "$pane" x
wait_for '^ *│ GIL '
echo "ok   help opened and closed"

# Resizing relayouts at once; too small says so.
tmux_ resize-window -t "$pane" -x 80 -y 24
wait_for '^.{79}[┐┤]$'
tmux_ resize-window -t "$pane" -x 40 -y 10
wait_for 'Terminal too small: 40x10'
tmux_ resize-window -t "$pane" -x 100 -y 30
wait_for '^.{99}[┐┤]$'
echo "ok   resized to 80x24, 40x10 and back"

# q quits and gives the terminal back.
tmux_ send-keys -t "$pane" q
expect_end dash 0 '│ GIL '
echo "ok   quit with q, terminal restored"
echo "dashboard end-to-end test passed"
