# Shared by the end-to-end scripts: a private tmux server with one shell pane, polling helpers,
# and the checks that the terminal came back after a program ended. Source it after setting
# `socket` and `pane`; the caller's first argument is the gilview binary.

if [[ $# -lt 1 || ! -x $1 ]]; then
    echo "usage: $0 path/to/gilview" >&2
    exit 2
fi
binary=$(realpath "$1")
work=$(mktemp -d)

tmux_() { tmux -L "$socket" "$@"; }
cleanup() {
    tmux_ kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

screen() { tmux_ capture-pane -p -t "$pane"; }

# Polls the pane until it shows $1 (an extended regex); after $2 seconds prints the pane and fails.
wait_for() {
    local pattern=$1 seconds=${2:-10}
    local tries=$((seconds * 10))
    while ((tries-- > 0)); do
        screen | grep -Eq -- "$pattern" && return 0
        sleep 0.1
    done
    echo "timed out waiting for /$pattern/; the pane shows:" >&2
    screen >&2
    return 1
}

# A plain shell at 100x30 with a known prompt, in the work directory.
# The shell starts with no signal blocked and the job-control and keyboard signals at their
# defaults, as in a terminal: this script may inherit a mask from its parent (a test process
# that blocked SIGTSTP left Ctrl-Z stopping gilview but not the shell's job, so no "Stopped").
clean_shell="python3 -c 'import os, signal
signal.pthread_sigmask(signal.SIG_SETMASK, [])
for s in (signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGTERM, signal.SIGCONT):
    signal.signal(s, signal.SIG_DFL)
os.execvp(\"bash\", [\"bash\", \"--norc\", \"--noprofile\"])'"
start_shell() {
    tmux_ -f /dev/null new-session -d -s "$pane" -x 100 -y 30 "$clean_shell"
    tmux_ send-keys -t "$pane" "PS1='e2e\$ '; cd '$work'" Enter
    wait_for '^e2e\$'
}

# fail MESSAGE: says what went wrong and what the pane shows, then stops the script.
fail() {
    echo "FAIL: $1; the pane shows:" >&2
    screen >&2
    exit 1
}

# run_in_shell NAME COMMAND: runs COMMAND, saving the terminal settings before and after it and
# printing "END-NAME rc=N" when it ends — after the settings are saved, so a script that sees
# END can read them at once.
run_in_shell() {
    local name=$1 command=$2
    tmux_ send-keys -t "$pane" "clear; stty -g > $name.before; $command; rc=\$?; stty -g > $name.after; stty -a > $name.stty; echo END-$name rc=\$rc" Enter
}

# terminal_problems NAME LEFTOVER: after run NAME ended, prints what is wrong with the terminal,
# one problem a line (nothing when it was restored); LEFTOVER is a regex of the program's screen.
terminal_problems() {
    local name=$1 leftover=$2
    cmp -s "$work/$name.before" "$work/$name.after" || echo "stty settings differ from before the run"
    grep -Eq '(^| )icanon( |$)' "$work/$name.stty" || echo "icanon is off"
    grep -Eq '(^| )echo( |$)' "$work/$name.stty" || echo "echo is off"
    [[ $(tmux_ display-message -p -t "$pane" '#{alternate_on}') == 0 ]] || echo "still on the alternate screen"
    [[ $(tmux_ display-message -p -t "$pane" '#{cursor_flag}') == 1 ]] || echo "cursor hidden"
    if screen | grep -Eq -- "$leftover"; then echo "the program's screen is still showing"; fi
}

# expect_end NAME RC LEFTOVER: waits for run NAME to end with exit code RC and the prompt to come
# back, then fails unless the terminal was restored (LEFTOVER: as for terminal_problems).
expect_end() {
    local name=$1 rc=$2 leftover=$3
    wait_for "END-$name rc=$rc\$" 10
    wait_for '^e2e\$ *$'
    local problems
    problems=$(terminal_problems "$name" "$leftover")
    [[ -z $problems ]] || fail "$name: ${problems//$'\n'/; }"
}

# tally NAME PROBLEMS DETAIL: prints "ok   NAME DETAIL" when PROBLEMS is empty, else the problems
# and the pane, and counts the failure in $failures; for scripts that try every case.
tally() {
    local name=$1 problems=$2 detail=$3
    if [[ -z $problems ]]; then
        echo "ok   $name $detail"
    else
        echo "FAIL $name $detail: ${problems//$'\n'/; }"
        screen | sed 's/^/     | /'
        failures=$((failures + 1))
    fi
}
