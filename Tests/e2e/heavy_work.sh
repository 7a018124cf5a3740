#!/usr/bin/env bash
# Frames with a huge amount of work (issue 16, item 4): eight threads at a 10 µs switch
# interval at x100, a 10^6 x 10 nested repeat at x100, and `n` to a note 6,000,000 minutes on.
# Each run is ended by q, Ctrl-C, SIGTERM or SIGHUP while it works: it must end within two
# seconds with the documented exit code (0, 130, 143, 129) and the terminal restored.
#
# usage: Tests/e2e/heavy_work.sh path/to/gilview
set -euo pipefail

socket="gilview-e2e-heavy-$$"
pane="e2e"
source "$(dirname "$0")/tmux_harness.sh"

cat > "$work/threads.json" <<'JSON'
{ "title": "Eight threads at 10 us", "machine": { "cores": 4 }, "python": { "switch_interval": "10us" },
  "workload": { "arrivals": { "kind": "batch" }, "requests": 8,
                "jobs": [ { "name": "crunch", "steps": [ { "cpu": "1000s" } ] } ] },
  "models": [ { "name": "8 threads", "threads": 8 } ] }
JSON
cat > "$work/nested.json" <<'JSON'
{ "title": "Nested repeat", "workload": { "arrivals": { "kind": "batch" }, "requests": 1,
    "jobs": [ { "name": "loop", "steps": [ { "repeat": 1000000, "steps": [
        { "repeat": 10, "steps": [ { "cpu": "1us" }, { "io": "1us" } ] } ] } ] } ] },
  "models": [ { "name": "1 thread" } ] }
JSON
cat > "$work/far.json" <<'JSON'
{ "title": "A far note", "workload": { "arrivals": { "kind": "batch" }, "requests": 1000,
    "jobs": [ { "name": "j", "steps": [ { "cpu": "1ms" }, { "io": "1ms" } ] } ] },
  "models": [ { "name": "4 threads", "threads": 4 } ],
  "notes": [ { "at": "1440min", "text": "far away" } ] }
JSON

start_shell
failures=0

# check NAME FILE FLAGS KEYS ACTION RC: starts gilview on FILE, sends KEYS, lets it work for a
# second, ends it with ACTION and checks the time it took, the exit code and the terminal.
check() {
    local name=$1 file=$2 flags=$3 keys=$4 action=$5 expected=$6
    run_in_shell "$name" "'$binary' $flags $file"
    wait_for "^ gilview .*$file" 20
    [[ -z $keys ]] || tmux_ send-keys -t "$pane" "$keys"
    sleep 1
    local started shell_pid
    started=$(date +%s%N)
    case $action in
        q | C-c) tmux_ send-keys -t "$pane" "$action" ;;
        TERM | HUP)
            shell_pid=$(tmux_ display-message -p -t "$pane" '#{pane_pid}')
            pkill "-$action" -P "$shell_pid" -f "$file"
            ;;
    esac
    local problems=""
    if ! wait_for "END-$name rc=" 20 2>/dev/null; then
        problems="did not end within 20 s of $action"
        pkill -KILL -P "$(tmux_ display-message -p -t "$pane" '#{pane_pid}')" -f "$file" || true
        wait_for "END-$name rc=" 5 || true
    fi
    local took=$((($(date +%s%N) - started) / 1000000))
    wait_for '^e2e\$ *$'
    local status
    status=$(screen | grep -Eo "END-$name rc=[0-9]+" || true)
    ((took <= 2000)) || problems+="${problems:+; }took ${took} ms to end after $action"
    [[ $status == "END-$name rc=$expected" ]] || problems+="${problems:+; }exit code ${status##*=}, not $expected"
    local restore
    restore=$(terminal_problems "$name" 'speed ×100|Note 1/1')
    [[ -z $restore ]] || problems+="${problems:+; }${restore//$'\n'/; }"
    tally "$name" "$problems" "($action, ${took} ms to end, rc=${status##*=}, terminal checked)"
}

check threads-q threads.json "--speed 100" "" q 0
check threads-ctrl-c threads.json "--speed 100" "" C-c 130
check threads-term threads.json "--speed 100" "" TERM 143
check threads-hup threads.json "--speed 100" "" HUP 129
check nested-q nested.json "--speed 100" "" q 0
check nested-term nested.json "--speed 100" "" TERM 143
check far-q far.json "--paused" n q 0
check far-term far.json "--paused" n TERM 143

if ((failures > 0)); then
    echo "$failures heavy run(s) did not end promptly and cleanly"
    exit 1
fi
echo "every heavy run ended promptly, terminal restored"
