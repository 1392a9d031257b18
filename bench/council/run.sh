#!/usr/bin/env bash
# Council formation time and tracker calls with 3, 10 and 34 agents (in-process council engines, the real local
# tracker). Usage: bench/council/run.sh [AGENT_COUNTS...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/find-jdk.sh"
bzzz_find_jdk
"$root/bzzz" --version >/dev/null # builds the CLI jar and its lib/ when needed
cp="$root/bzzz-cli/target/bzzz.jar:$root/bzzz-cli/target/lib/*"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xshare:auto \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
  "$root/bench/council/CouncilBench.java" "$@"
