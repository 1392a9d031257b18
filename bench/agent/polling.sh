#!/usr/bin/env bash
# Tracker polls per hour with 1 and with N agents watching one repository (shared polling).
# Usage: bench/agent/polling.sh [N] [SECONDS]   (defaults 5 agents, 60 s per run, poll interval 2 s)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-5}"; secs="${2:-60}"
work="$(mktemp -d)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
"$root/bzzz" tracker serve --listen 127.0.0.1:0 --data "$work/tracker" > "$work/url" 2>"$work/tracker.log" &
pids+=($!)
until [ -s "$work/url" ]; do sleep 0.2; done
url="$(head -1 "$work/url")"; token="$(cat "$work/tracker/admin.token")"
curl -sf -H "Authorization: token $token" -H 'Content-Type: application/json' \
  -d '{"name":"bench","auto_init":true}' "$url/api/v1/user/repos" >/dev/null
run() {
  local count="$1" boot=() apis=()
  for i in $(seq 1 "$count"); do
    out="$work/run$count-a$i.out"
    "$root/bzzz" agent --name "a$i" --data-dir "$work/run$count-a$i" --tracker-url "$url" \
      --token-file "$work/tracker/admin.token" --repo admin/bench --listen /ip4/127.0.0.1/tcp/0 \
      --no-mdns --http 127.0.0.1:0 --poll-interval 2s --availability-interval 2s "${boot[@]}" \
      > "$out" 2>"$work/run$count-a$i.log" &
    pids+=($!)
    until grep -q '^api ' "$out"; do sleep 0.2; done
    boot+=(--bootstrap "$(grep -m1 '^listen ' "$out" | cut -d' ' -f2)")
    apis+=("$(grep -m1 '^api ' "$out" | cut -d' ' -f2 | sed 's#/api/health##')")
  done
  sleep 10   # let the mesh form before counting
  local before=0 after=0
  for a in "${apis[@]}"; do before=$((before + $(curl -sf "$a/metrics" | awk '/^bzzz_tracker_polls_total/{printf "%d", $2}'))); done
  sleep "$secs"
  for a in "${apis[@]}"; do after=$((after + $(curl -sf "$a/metrics" | awk '/^bzzz_tracker_polls_total/{printf "%d", $2}'))); done
  echo "agents=$count polls_per_hour=$(( (after - before) * 3600 / secs ))"
  for p in "${pids[@]:1}"; do kill "$p" 2>/dev/null || true; done
  wait "${pids[@]:1}" 2>/dev/null || true
  pids=("${pids[0]}")
}
run 1
run "$n"
