#!/usr/bin/env bash
# Auction benchmarks on the scheduling simulation's virtual clock (one JVM, no sockets): the real
# AuctionBook, Scorer and PollRota of the agent, network and tracker reduced to delays.
#   (a) placement quality, 15 heterogeneous agents, 200 mixed tasks, 5 seeds: rota vs auction
#   (b) scale: 100 and 1000 agents, a burst of tasks: messages per task, time to a decision,
#       claims the tracker refused
#
#   bench/auction/run.sh              # both (about a minute on 2 cores)
#   bench/auction/run.sh placement    # only (a);  bench/auction/run.sh scale   # only (b)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
. scripts/env.sh
out="${OUT:-$(mktemp -d)}"
mvn -B -q -o -Dstyle.color=never -pl bzzz-agent -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$out/cp.txt" -Djacoco.skip=true >/dev/null
cp="bzzz-agent/target/test-classes:bzzz-agent/target/classes:$(cat "$out/cp.txt")"
what="${1:-all}"
if [ "$what" = all ] || [ "$what" = placement ]; then
  java -cp "$cp" io.bzzz.agent.schedule.bench.PlacementBench 15 200 5
fi
if [ "$what" = all ] || [ "$what" = scale ]; then
  java -Xmx1g -cp "$cp" io.bzzz.agent.schedule.bench.ScaleBench 100 50
  java -Xmx1g -cp "$cp" io.bzzz.agent.schedule.bench.ScaleBench 1000 10 | tail -2
fi
