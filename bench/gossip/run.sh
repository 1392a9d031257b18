#!/usr/bin/env bash
# Gossip benchmark: Bzzz (Java) beside js-libp2p gossipsub, measured in the same run.
# 10 nodes in one process (JVM / Node), full TCP mesh on 127.0.0.1, StrictSign, 256-byte messages,
# round-robin publishers; plus 50 Java nodes where each dials 5 random others (~10 connections). Prints a markdown table with Java/js ratios.
#
#   bench/gossip/run.sh            # full run (about 10 minutes)
#   QUICK=1 bench/gossip/run.sh    # fewer messages, no window curve
#   JAVA_OPTS='-XX:+UseZGC' bench/gossip/run.sh   # other JVM flags (default: G1, -Xms512m)
#
# Every row first warms up (both implementations alike): WARMUP messages with a window of 64, then
# paced rows run 10 s at their own rate; only what follows is measured. Without it the JIT
# compilers (C2 / V8) run during the measured phase and the code runs at lower tiers.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. scripts/env.sh
out="${OUT:-$(mktemp -d)}"
results="$out/results.jsonl"
: > "$results"

mvn -B -q -Dstyle.color=never -pl bzzz-p2p -am test-compile
mvn -B -q -Dstyle.color=never -pl bzzz-p2p dependency:build-classpath \
  -Dmdep.outputFile="$out/cp.txt" >/dev/null
cp="bzzz-p2p/target/test-classes:bzzz-p2p/target/classes:$(cat "$out/cp.txt")"

q() { if [ -n "${QUICK:-}" ]; then echo "$2"; else echo "$1"; fi; }
uptime # the machine's load: rates and latencies depend on how much of the cores the run got
warmup="$(q 2000 1000)"
java_opts="${JAVA_OPTS:--Xms512m -XX:+UseG1GC}"
java_run() {
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
  java $java_opts -cp "$cp" io.bzzz.p2p.pubsub.bench.GossipBench --warmup "$warmup" "$@" \
    | tail -1 | tee -a "$results"
}
js_run() {
  (cd interop && node gossip-bench.mjs --warmup "$warmup" "$@") | tail -1 | tee -a "$results"
}

js_run   --nodes 10 --messages "$(q 100 50)" --rate 10
java_run --nodes 10 --messages "$(q 100 50)" --rate 10
js_run   --nodes 10 --messages "$(q 300 100)" --rate 100
java_run --nodes 10 --messages "$(q 1000 300)" --rate 100
js_run   --nodes 10 --messages "$(q 400 150)" --window 64
java_run --nodes 10 --messages "$(q 5000 1500)" --window 64
java_run --nodes 50 --dials 5 --messages "$(q 1000 300)" --rate 100
java_run --nodes 50 --dials 5 --messages "$(q 2000 500)" --window 64
if [ -z "${QUICK:-}" ]; then # the saturation curve over the window
  for w in 16 128 256; do
    js_run   --nodes 10 --messages 400 --window "$w"
    java_run --nodes 10 --messages 5000 --window "$w"
  done
fi

node - "$results" <<'JS'
const fs = require('fs')
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map(JSON.parse)
const key = (r) => `${r.nodes}|${r.mode}`
const js = Object.fromEntries(rows.filter((r) => r.impl === 'js').map((r) => [key(r), r]))
console.log('\n| nodes | load | impl | msg/s delivered to all | p50 ms | p95 ms | p99 ms | CPU ms/msg | cores used | Java/js msg/s | js/Java p95 | js/Java CPU per msg |')
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|')
for (const r of rows) {
  const a = js[key(r)]
  const java = r.impl === 'java' && a
  const ratio = java ? (r.msgPerSec / a.msgPerSec).toFixed(1) + '×' : ''
  const lat = java ? (a.p95 / r.p95).toFixed(1) + '×' : ''
  const cpu = java ? (a.cpuMsPerMsg / r.cpuMsPerMsg).toFixed(1) + '×' : ''
  const nodes = r.topology && r.topology !== 'full mesh' ? `${r.nodes} (${r.topology})` : r.nodes
  console.log(`| ${nodes} | ${r.mode} | ${r.impl} | ${r.msgPerSec} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.cpuMsPerMsg} | ${r.coresUsed} | ${ratio} | ${lat} | ${cpu} |`)
}
JS
