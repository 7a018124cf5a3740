#!/usr/bin/env bash
# `gilview verify FILE --show`: after the real runs, the dashboard with each model's measured
# twin; Ctrl-C exits 130 and SIGTERM 143, each with the terminal restored. A second watch of
# those signals, beside the one kept for the Python runs, once never saw them: the dashboard
# ignored SIGTERM and kept running after its terminal had gone. Needs python3 (else skipped).
#
# usage: Tests/e2e/verify_show.sh path/to/gilview
set -euo pipefail

socket="gilview-e2e-verify-$$"
pane="e2e"
source "$(dirname "$0")/tmux_harness.sh"
scenario="$(cd "$(dirname "$0")/../../scenarios/verify" && pwd)/io_threads.json"
if ! command -v python3 >/dev/null; then
    echo "skipped: no python3 for gilview verify"
    exit 0
fi

start_shell
# A dashboard that ignores the signals would outlive the tmux server: killed at exit whatever happens.
started=()
trap 'kill -9 "${started[@]}" 2>/dev/null || true; cleanup' EXIT

# ends NAME KEY|TERM RC: verify --show on io_threads, ended by a key or SIGTERM.
ends() {
    local name=$1 action=$2 expected=$3
    run_in_shell "$name" "'$binary' verify '$scenario' --show --max-seconds 2 2> $name.err"
    wait_for '\(measured\)' 120
    started+=($(pgrep -P "$(tmux_ display-message -p -t "$pane" '#{pane_pid}')" -f io_threads.json || true))
    case $action in
        TERM) pkill -TERM -P "$(tmux_ display-message -p -t "$pane" '#{pane_pid}')" -f io_threads.json ;;
        *) tmux_ send-keys -t "$pane" "$action" ;;
    esac
    expect_end "$name" "$expected" '\(measured\)'
    echo "ok   verify --show: $action exits $expected, terminal restored"
}
ends ctrl-c C-c 130
ends sigterm TERM 143
echo "verify --show end-to-end test passed"
