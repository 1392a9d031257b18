#!/usr/bin/env bash
# Local tracker benchmark: claims/s with 8 claimers and list latency with 10,000 issues, each beside
# an anchor measured in the same run. Usage: bench/tracker/run.sh [ISSUES=10000] [CLAIM_TASKS=400]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/find-jdk.sh"
bzzz_find_jdk
"$root/bzzz" --version >/dev/null # builds the CLI jar and its lib/ when needed
cp="$root/bzzz-cli/target/bzzz.jar:$root/bzzz-cli/target/lib/*"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xshare:auto \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
  "$root/bench/tracker/TrackerBench.java" "$@"
