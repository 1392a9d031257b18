#!/usr/bin/env bash
# Local tracker: claims per second with 8 concurrent claimers, list latency with 10,000 issues,
# each beside the raw HTTP cost of the same calls measured in the same run.
# Usage: bench/tracker/run.sh [TASKS] [ISSUES]   (from anywhere; builds bzzz-tracker first)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/env.sh"
cd "$root"
mvn -B -q -Dstyle.color=never -pl bzzz-tracker -am install -DskipTests -Dspotless.check.skip=true >&2
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -Dstyle.color=never -pl bzzz-tracker dependency:build-classpath -Dmdep.outputFile="$cp_file" \
  -Dmdep.includeScope=runtime >&2
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -Dlogback.configurationFile="$root/bench/tracker/logback-bench.xml" \
  -cp "bzzz-tracker/target/classes:$(cat "$cp_file")" \
  bench/tracker/TrackerBench.java "$@"
