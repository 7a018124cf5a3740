#!/usr/bin/env bash
# Runs `gilview terminal-demo` in a real terminal (tmux) and leaves it every way it can end:
# q, Ctrl-C, SIGTERM, SIGHUP and a crash. After each, the terminal must be back as it was:
# the same stty settings (icanon and echo on), the normal screen, the cursor shown.
#
# usage: Tests/e2e/terminal_restore.sh path/to/gilview
set -euo pipefail

if [[ $# -ne 1 || ! -x $1 ]]; then
    echo "usage: $0 path/to/gilview" >&2
    exit 2
fi
binary=$(realpath "$1")
work=$(mktemp -d)
socket="gilview-e2e-$$"
pane="e2e"

tmux_() { tmux -L "$socket" "$@"; }
cleanup() {
    tmux_ kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Polls the pane until it shows $1 (an extended regex); fails after $2 seconds.
wait_for() {
    local pattern=$1 seconds=${2:-10}
    local tries=$((seconds * 10))
    while ((tries-- > 0)); do
        if tmux_ capture-pane -p -t "$pane" | grep -Eq -- "$pattern"; then
            return 0
        fi
        sleep 0.1
    done
    echo "timed out waiting for /$pattern/; the pane shows:" >&2
    tmux_ capture-pane -p -t "$pane" >&2
    return 1
}

tmux_ -f /dev/null new-session -d -s "$pane" -x 100 -y 30 "bash --norc --noprofile"
tmux_ send-keys -t "$pane" "PS1='e2e\$ '; cd '$work'" Enter
wait_for '^e2e\$'

failures=0
# Swift's crash backtracer is interactive on a terminal unless told otherwise.
backtrace=interactive=no
# run NAME ACTION [DEMO FLAGS...]: starts the demo, ends it with ACTION, checks the terminal.
run() {
    local name=$1 action=$2
    shift 2
    tmux_ send-keys -t "$pane" "clear; stty -g > $name.before; SWIFT_BACKTRACE=$backtrace '$binary' terminal-demo $*; echo END-$name rc=\$?; stty -g > $name.after; stty -a > $name.stty" Enter
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

    local problems=()
    cmp -s "$work/$name.before" "$work/$name.after" || problems+=("stty settings differ from before the run")
    grep -Eq '(^| )icanon( |$)' "$work/$name.stty" || problems+=("icanon is off")
    grep -Eq '(^| )echo( |$)' "$work/$name.stty" || problems+=("echo is off")
    [[ $(tmux_ display-message -p -t "$pane" '#{alternate_on}') == 0 ]] || problems+=("still on the alternate screen")
    [[ $(tmux_ display-message -p -t "$pane" '#{cursor_flag}') == 1 ]] || problems+=("cursor hidden")
    if tmux_ capture-pane -p -t "$pane" | grep -q 'gilview terminal demo'; then
        problems+=("the demo's screen is still showing")
    fi
    local status
    status=$(tmux_ capture-pane -p -t "$pane" | grep -Eo "END-$name rc=[0-9]+")
    if ((${#problems[@]} == 0)); then
        echo "ok   $name ($status)"
    else
        echo "FAIL $name ($status): ${problems[*]}"
        tmux_ capture-pane -p -t "$pane" | sed 's/^/     | /'
        failures=$((failures + 1))
    fi
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
