#!/usr/bin/env bash
# Yamux echo throughput over loopback TCP, Java (Bzzz) beside js (@chainsafe/libp2p-yamux).
# Usage: bench/yamux/run.sh   (from anywhere; builds bzzz-p2p first)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/env.sh"
cd "$root"
mvn -B -q -Dstyle.color=never -pl bzzz-p2p -am install -DskipTests -Dspotless.check.skip=true >&2
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -Dstyle.color=never -pl bzzz-p2p dependency:build-classpath -Dmdep.outputFile="$cp_file" \
  -Dmdep.includeScope=runtime >&2
"$JAVA_HOME/bin/java" -Dlogback.configurationFile="$root/bzzz-p2p/src/test/resources/logback-test.xml" -cp "bzzz-p2p/target/classes:$(cat "$cp_file")" \
  bench/yamux/YamuxThroughput.java "$root/interop"
