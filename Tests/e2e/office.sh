#!/usr/bin/env bash
# Opens scenarios/ticket_office.json in a real terminal (tmux, 100x30), plays it, and switches
# the panes to the office view with o: the offices, their counts and the legend are drawn, the
# people (t, w) move while it plays, o goes back to the lanes and again to the office, which
# survives a resize to 80x24; q quits, terminal restored.
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
run_in_shell office "LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no '$binary' '$scenario' --speed 1/5 --no-pause-at-notes"
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

# People come, are served and leave: the office rows change while the clock runs, and show people.
wait_for '│ P1 .*[tw]' 20
before=$(people)
tries=50
while ((tries-- > 0)); do
    [[ $(people) != "$before" ]] && break
    sleep 0.1
done
[[ $(people) != "$before" ]] || fail "the people did not move in 5 s"
echo "ok   people move while playing"

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
