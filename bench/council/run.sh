#!/usr/bin/env bash
# Council formation time and tracker calls with 3, 10 and 34 agents against the real local tracker.
# Usage: bench/council/run.sh [--engines] [AGENT_COUNTS...]
#   default    whole agents (io.bzzz.agent.runtime.Agent) in one JVM, each with its own libp2p host on
#              127.0.0.1 (gossipsub over TCP/Noise/Yamux), found by their own poll rota
#   --engines  the earlier, lighter harness: council engines on an in-memory bus (no gossip, no agent loops)
# BENCH_XMX sets the JVM's heap (default 2g); BENCH_POLL / BENCH_AVAILABILITY the agents' intervals (1s / 2s);
# BENCH_MESH_LIMIT how long (s) to wait for every agent to hear every other before labelling anyway (120).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/find-jdk.sh"
bzzz_find_jdk
"$root/bzzz" --version >/dev/null # builds the CLI jar and its lib/ when needed
cp="$root/bzzz-cli/target/bzzz.jar:$root/bzzz-cli/target/lib/*"
main="$root/bench/council/AgentCouncilBench.java"
if [ "${1:-}" = "--engines" ]; then
  shift
  main="$root/bench/council/CouncilBench.java"
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xshare:auto -Xmx"${BENCH_XMX:-2g}" \
  -Dbench.poll="${BENCH_POLL:-1s}" -Dbench.availability="${BENCH_AVAILABILITY:-2s}" \
  -Dbench.meshLimit="${BENCH_MESH_LIMIT:-120}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" "$main" "$@"
