#!/usr/bin/env bash
# Runs `gilview terminal-demo` in a real terminal (tmux) and leaves it every way it can end:
# q, Ctrl-C, SIGTERM, SIGHUP and a crash. After each, the terminal must be back as it was:
# the same stty settings (icanon and echo on), the normal screen, the cursor shown.
#
# usage: Tests/e2e/terminal_restore.sh path/to/gilview
set -euo pipefail

socket="gilview-e2e-$$"
pane="e2e"
source "$(dirname "$0")/tmux_harness.sh"

start_shell

failures=0
# Swift's crash backtracer is interactive on a terminal unless told otherwise.
backtrace=interactive=no
# run NAME ACTION [DEMO FLAGS...]: starts the demo, ends it with ACTION, checks the terminal.
run() {
    local name=$1 action=$2
    shift 2
    run_in_shell "$name" "SWIFT_BACKTRACE=$backtrace '$binary' terminal-demo $*"
    # A crashing demo draws only one frame, too briefly to be seen here.
    [[ $action == none ]] || wait_for 'last key: none'
    case $action in
        q) tmux_ send-keys -t "$pane" q ;;
        C-c) tmux_ send-keys -t "$pane" C-c ;;
        TERM | HUP)
            local shell_pid
            shell_pid=$(tmux_ display-message -p -t "$pane" '#{pane_pid}')
            pkill "-$action" -P "$shell_pid" -f terminal-demo
            ;;
        none) ;; # the demo ends by itself (--crash)
    esac
    wait_for "END-$name rc=" 30
    wait_for '^e2e\$ *$'

    local problems
    problems=$(terminal_problems "$name" 'gilview terminal demo')
    local status
    status=$(screen | grep -Eo "END-$name rc=[0-9]+")
    tally "$name" "$problems" "($status)"
}

run quit q
run ctrl-c C-c
run sigterm TERM
run sighup HUP
run crash none --crash
# Without the backtracer, the re-raised signal meets the default action.
backtrace=enable=no
run crash-no-backtracer none --crash

if ((failures > 0)); then
    echo "$failures exit path(s) left the terminal broken"
    exit 1
fi
echo "all exit paths restored the terminal"
