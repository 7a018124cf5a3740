#!/usr/bin/env bash
# Opens scenarios/ticket_office.json in a real terminal (tmux, 100x30), paused, and switches the
# panes to the office view with o: the offices, their counts and the legend are drawn, the people
# (t, w) move as the clock steps on (`.`, a switch interval a press), o goes back to the lanes
# and again to the office, which survives a resize to 80x24; q quits, terminal restored.
# Paused, because the file's notes switch the view when they are played into: with the clock
# running, a note arriving between two keys would race the test's own o.
#
# usage: Tests/e2e/office.sh path/to/gilview
set -euo pipefail

socket="gilview-office-$$"
pane="office"
source "$(dirname "$0")/tmux_harness.sh"
scenario=$(realpath "$(dirname "$0")/../../scenarios/ticket_office.json")

# The rows of the offices: an office's own line (P1 …) and its queues (T1 …), without the counts.
people() { screen | grep -E '^│ (P[0-9]|T[0-9]|street)' | cut -c1-40; }

start_shell
run_in_shell office "LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no '$binary' '$scenario' --start-paused"
wait_for 'gilview .*ticket_office\.json'
wait_for '│ GIL '
tmux_ send-keys -t "$pane" o
wait_for 'window = GIL'
for text in '│ P1 ' '│ P2 ' 'served [0-9]+  waiting [0-9]+  searching [0-9]+' 'queue = thread' 'office = process' \
    't ticket' 'w wallet'; do
    wait_for "$text"
done
screen | grep -q '│ GIL ' && fail "the lanes are still drawn in the office view"
echo "ok   o: offices, counts and legend drawn"

# People come, are served and leave: the office rows change as the clock steps on, and show people.
before=$(people)
moved=0
for _ in $(seq 40); do
    tmux_ send-keys -t "$pane" .
    sleep 0.1
    if [[ $(people) != "$before" ]] && people | grep -qE '[tw]'; then moved=1; break; fi
done
((moved)) || fail "the people did not move in 40 switch intervals: $(people)"
echo "ok   people move as the clock runs"

tmux_ send-keys -t "$pane" o
wait_for '│ GIL '
screen | grep -q 'window = GIL' && fail "the office legend stayed on the lanes"
tmux_ send-keys -t "$pane" o
wait_for 'window = GIL'
echo "ok   o goes back to the lanes and to the office again"

tmux_ resize-window -t "$pane" -x 80 -y 24
wait_for '^.{79}[┐┤]$'
wait_for '│ P1 '
wait_for 'window = GIL'
echo "ok   the office survives a resize to 80x24"

tmux_ send-keys -t "$pane" q
expect_end office 0 'window = GIL'
echo "ok   quit with q, terminal restored"
echo "office end-to-end test passed"
