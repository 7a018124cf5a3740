#!/usr/bin/env bash
# The real dashboard in a real terminal (tmux): time to first frame, CPU while playing and while
# paused, and resident memory over a long playback. Reads /proc/PID/stat and /proc/PID/status.
#
#   swift build -c release && benchmarks/dashboard.sh
#
# PHASE_SECONDS (10) is the length of each CPU measurement; MEMORY_SECONDS (60) the playback
# watched for memory, at 100x real time through benchmarks/million_requests.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GILVIEW:-.build/release/gilview}
phase=${PHASE_SECONDS:-10}
memory_span=${MEMORY_SECONDS:-60}
session="gilview-bench-$$"
ticks_per_second=$(getconf CLK_TCK)
[ -x "$bin" ] || { echo "dashboard.sh: $bin not found; build it with: swift build -c release" >&2; exit 2; }
command -v tmux >/dev/null || { echo "dashboard.sh: needs tmux (apt-get install tmux)" >&2; exit 2; }
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT

now_ns() { date +%s%N; }
# utime + stime of a process, in clock ticks (fields 14 and 15; gilview's name has no spaces).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
percent_of_core() { awk -v t="$1" -v hz="$ticks_per_second" -v s="$2" 'BEGIN { printf "%.2f", 100 * t / hz / s }'; }

# Starts the dashboard on $1 with options $2... at 200x60; waits for its first frame; sets $pid.
start_dashboard() {
    local file=$1; shift
    local started; started=$(now_ns)
    tmux -u new-session -d -s "$session" -x 200 -y 60 "$bin $file $*"
    until tmux capture-pane -p -t "$session" 2>/dev/null | grep -q "gilview"; do sleep 0.002; done
    first_frame_ms=$(( ($(now_ns) - started) / 1000000 ))
    pid=$(tmux list-panes -t "$session" -F '#{pane_pid}')
    # tmux may run the command under a shell: take the gilview process itself.
    if [ "$(cat "/proc/$pid/comm")" != "gilview" ]; then pid=$(pgrep -P "$pid" gilview); fi
}

cpu_over_phase() {
    local before; before=$(cpu_ticks "$pid")
    sleep "$phase"
    percent_of_core $(( $(cpu_ticks "$pid") - before )) "$phase"
}

# Playing through the notes: pausing at one would turn the playing phase into a paused one.
start_dashboard scenarios/io_bound.json --no-pause-at-notes
echo "first frame (start to frame on screen, 200x60, via tmux polling): ${first_frame_ms} ms"
sleep 1
echo "playing at 30 fps, ${phase} s: $(cpu_over_phase)% of a core"
tmux send-keys -t "$session" " "
sleep 1
echo "paused, ${phase} s: $(cpu_over_phase)% of a core"
tmux kill-session -t "$session"

start_dashboard benchmarks/million_requests.json --speed 100
echo "memory while playing benchmarks/million_requests.json at 100x real time (resident MB):"
samples=""
for (( elapsed = 0; elapsed <= memory_span; elapsed += memory_span / 6 )); do
    [ "$elapsed" -gt 0 ] && sleep $(( memory_span / 6 ))
    samples+="  t=${elapsed}s $(rss_mb "$pid") MB"
done
echo "$samples"
tmux kill-session -t "$session"
