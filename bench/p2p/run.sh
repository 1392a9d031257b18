#!/usr/bin/env bash
# bench/p2p: Bzzz's libp2p host (Java <-> Java) beside js-libp2p 2.10 (js <-> js), one run, one
# machine. Prints handshakes/s, one-stream throughput and ping RTT p50/p99 with java/js ratios.
# Usage: bench/p2p/run.sh [HANDSHAKES STREAM_MIB PINGS JS_HANDSHAKES JS_STREAM_MIB]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/find-jdk.sh"
bzzz_find_jdk || exit 1
cd "$root"
if [ ! -d interop/node_modules ]; then
  (cd interop && npm ci --no-audit --no-fund 1>&2)
fi
echo "bench/p2p: building..." >&2
mvn -q -B -Dstyle.color=never -pl bzzz-p2p -am test-compile -Dspotless.check.skip=true 1>&2
cpfile="$(mktemp)"
trap 'rm -f "$cpfile"' EXIT
mvn -q -B -Dstyle.color=never -pl bzzz-p2p dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" 1>&2
cp="$(cat "$cpfile")"
"$JAVA_HOME/bin/java" -Dbzzz.root="$root" \
  -cp "bzzz-p2p/target/test-classes:bzzz-p2p/target/classes:$cp" \
  io.bzzz.p2p.bench.P2pBenchmark "$@"
