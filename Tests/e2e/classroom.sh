#!/usr/bin/env bash
# Classroom mode in a real terminal (tmux, 80x24), and its list when not in one: `gilview` with no file opens the picker of
# the scenarios in GILVIEW_SCENARIOS (here Tests/fixtures/classroom: one broken file, one with
# notes); choose one, see its first caption, playback pausing exactly at the next note, `n` to
# the one after; q back to the picker, Ctrl-C quits from the dashboard; the terminal comes back.
#
# usage: Tests/e2e/classroom.sh path/to/gilview
set -euo pipefail

socket="gilview-class-$$"
pane="class"
source "$(dirname "$0")/tmux_harness.sh"
# A copy under the short temporary directory: the picker wraps its error messages, and where
# depends on the length of the file's path.
fixtures="$work/lib"
cp -R "$(dirname "$0")/../fixtures/classroom" "$fixtures"

# Not a terminal: the list instead of the picker; no scenarios anywhere: a clear message, exit 1.
listing=$(GILVIEW_SCENARIOS="$fixtures" "$binary" | cat)
grep -Eq '^broken\.json +invalid: .*broken\.json:4:39: error: unknown value "poison"' <<<"$listing" ||
    fail "the listing lacks the broken file: $listing"
grep -Eq '^io_bound_notes\.json +I/O-bound requests$' <<<"$listing" || fail "the listing lacks the scenario: $listing"
set +e
message=$(cd "$work" && GILVIEW_SCENARIOS="$work/none" "$binary" 2>&1 >/dev/null)
status=$?
set -e
[[ $status == 1 && $message == *"no bundled scenarios found"*"GILVIEW_SCENARIOS"* ]] ||
    fail "without scenarios: exit $status, $message"
echo "ok   list printed when not a terminal; missing scenarios said clearly"

start_shell
tmux_ resize-window -t "$pane" -x 80 -y 24
run_in_shell class "GILVIEW_SCENARIOS='$fixtures' LANG=C.UTF-8 SWIFT_BACKTRACE=interactive=no '$binary' --speed 1/5"

# The picker: both files, the broken one with its problem, the keys.
wait_for 'Choose a scenario'
wait_for '▶ +1  broken\.json +invalid'
wait_for 'error: unknown value "poison" for'
wait_for 'I/O-bound requests +io_bound_notes\.json'
wait_for 'Enter open'
echo "ok   picker lists the scenarios, the broken one with its problem"

# Enter on the broken file stays in the picker and says why.
tmux_ send-keys -t "$pane" Enter
wait_for 'broken\.json does not load'
# Down, then Enter opens the dashboard with the first caption (the note at 0).
tmux_ send-keys -t "$pane" Down
wait_for '▶ +2  I/O-bound requests'
tmux_ send-keys -t "$pane" Enter
wait_for '^ Note 1/4  Five ways to serve the same requests'
wait_for '│ T1 loop '
wait_for '\? help  q back'  # q leads back to the list, and the header says so
echo "ok   opened io_bound_notes.json, first caption shown"

# Playing pauses exactly at the second note.
wait_for 't=120\.000ms .*\|\| paused' 15
wait_for '^ Note 2/4  Look at the 8-thread pane'
echo "ok   paused at the note at 120 ms, its caption shown"

# n jumps to the next note.
tmux_ send-keys -t "$pane" n
wait_for 't=250\.000ms .*\|\| paused'
wait_for '^ Note 3/4  asyncio: one thread'
echo "ok   n jumped to the note at 250 ms"

# q goes back to the picker, the scenario still selected; Ctrl-C in the dashboard quits all, as
# an interrupt: exit 130.
tmux_ send-keys -t "$pane" q
wait_for '▶ +2  I/O-bound requests'
tmux_ send-keys -t "$pane" Enter
wait_for '^ Note 1/4'
tmux_ send-keys -t "$pane" C-c
expect_end class 130 'Choose a scenario|Note [0-9]'
echo "ok   q back to the picker, Ctrl-C quit, terminal restored"
echo "classroom end-to-end test passed"
