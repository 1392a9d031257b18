#!/usr/bin/env bash
# Pickup latency (issue created -> claimed), p50/p95 over ISSUES issues with AGENTS agent processes,
# webhooks on vs polling only, plus tracker API calls per task for both, printed side by side.
# Usage: bench/pickup/run.sh [ISSUES=100] [AGENTS=5] [POLL_INTERVAL=30s] [GAP_MS=700]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/find-jdk.sh"
bzzz_find_jdk
"$root/bzzz" --version >/dev/null # builds the CLI jar and its lib/ when needed
cp="$root/bzzz-cli/target/bzzz.jar:$root/bzzz-cli/target/lib/*"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xshare:auto \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
  "$root/bench/pickup/PickupBench.java" "$@"
