#!/usr/bin/env bash
# bench/discovery: DNS discovery's policy without JVM start-ups: N replicas in one JVM on
# 127.0.1.x, listed by a stand-in tasks.<service> before they listen, started STAGGER_MS apart.
# Prints the time from the last one listening to a full mesh. SwarmNetnsIT measures the same
# with 34 processes, namespaces and a real DNS server.
# Usage: bench/discovery/run.sh [REPLICAS STAGGER_MS PORT]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/find-jdk.sh"
bzzz_find_jdk || exit 1
cd "$root"
echo "bench/discovery: building..." >&2
cpfile="$(mktemp)"
trap 'rm -f "$cpfile"' EXIT
# One reactor run: sibling modules resolve to their target/ directories (nothing is installed);
# bzzz-p2p comes last, so its classpath is the one left in the file.
mvn -q -B -Dstyle.color=never -pl bzzz-p2p -am test-compile dependency:build-classpath \
  -Dspotless.check.skip=true -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" 1>&2
"$JAVA_HOME/bin/java" -cp "bzzz-p2p/target/test-classes:bzzz-p2p/target/classes:$(cat "$cpfile")" \
  io.bzzz.p2p.bench.DnsMeshBenchmark "$@"
