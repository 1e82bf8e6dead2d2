#!/usr/bin/env bash
# An idle board, the real binary: `dealboard demo` in a 200x50 pseudo-terminal (util-linux
# `script`), left alone once loaded. Prints the bytes it wrote to the terminal and the CPU time
# it used (utime + stime from /proc, in 1/100 s) over IDLE seconds. Goal: 0 and 0.
#
# Run: `cargo build --release && benches/idle.sh [IDLE_SECONDS]` (Linux).
set -euo pipefail

idle=${1:-20}
bin=$(cd "$(dirname "$0")/.." && pwd)/target/release/dealboard
tmp=$(mktemp -d)
out=$tmp/typescript

# A pipe that stays open keeps the board's stdin open (it quits when stdin closes).
mkfifo "$tmp/stdin"
sleep $((idle + 60)) >"$tmp/stdin" &
sleeper=$!
HOME=$tmp XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config TERM=xterm-256color \
    script -qfec "stty cols 200 rows 50; exec $bin demo" "$out" <"$tmp/stdin" >/dev/null 2>&1 &
script_pid=$!

board=""
for _ in $(seq 50); do
    board=$(pgrep -n -f "^$bin demo" || true)
    [ -n "$board" ] && break
    sleep 0.1
done
[ -n "$board" ] || { echo "the board did not start" >&2; exit 1; }

# Loaded: the byte count has stopped moving for a second.
last=-1
while :; do
    now=$(stat -c %s "$out")
    [ "$now" = "$last" ] && break
    last=$now
    sleep 1
done

cpu() { awk '{ print $14 + $15 }' "/proc/$board/stat"; }
b1=$(stat -c %s "$out")
c1=$(cpu)
sleep "$idle"
b2=$(stat -c %s "$out")
c2=$(cpu)
rss=$(awk '/VmRSS/ { print $2 " " $3 }' "/proc/$board/status")
echo "idle ${idle} s after loading: $((b2 - b1)) bytes written, $((c2 - c1))/100 s CPU" \
    "(start-up and load: $b1 bytes, $c1/100 s CPU; RSS $rss, the demo server in-process included)"

kill "$board" "$sleeper" 2>/dev/null || true
wait "$script_pid" 2>/dev/null || true
rm -rf "$tmp"
