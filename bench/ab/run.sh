#!/usr/bin/env bash
# Before/after benchmark of two revisions in one run: the gossip 10-node saturated row (window 64)
# and the log's single and batched appends, alternating A, B, A, B so that the machine's load
# affects both alike. Prints one line per run and the medians.
#
#   bench/ab/run.sh REV_A REV_B [rounds]     # e.g. bench/ab/run.sh e055179 HEAD 3
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/find-jdk.sh"
bzzz_find_jdk
a="${1:?revision A}"; b="${2:?revision B}"; rounds="${3:-3}"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/A" >/dev/null 2>&1 || true;
      git -C "$root" worktree remove --force "$work/B" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

build() { # $1 = label, $2 = revision
  git -C "$root" worktree add -q --detach "$work/$1" "$2"
  (cd "$work/$1" && mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip=true package \
     -pl bzzz-cli -am >/dev/null)
  # one invocation, so that sibling modules (bzzz-wire, where it exists) resolve to their classes
  (cd "$work/$1" && mvn -B -q -Dstyle.color=never -Dspotless.check.skip=true -pl bzzz-p2p -am \
     test-compile dependency:build-classpath -Dmdep.outputFile="$work/$1.cp" >/dev/null)
}
build A "$a"
build B "$b"

gossip() { # $1 = label
  local d="$work/$1"
  java -Xms512m -XX:+UseG1GC \
    -cp "$d/bzzz-p2p/target/test-classes:$d/bzzz-p2p/target/classes:$(cat "$work/$1.cp")" \
    io.bzzz.p2p.pubsub.bench.GossipBench --warmup 1000 --nodes 10 --messages 3000 --window 64 | tail -1
}
logbench() { # $1 = label
  local d="$work/$1"
  java -cp "$d/bzzz-cli/target/bzzz.jar:$d/bzzz-cli/target/lib/*" "$d/bench/log/LogBench.java" \
    2000 300 "$work" 2>&1 | grep "^{"
}

uptime
for i in $(seq "$rounds"); do
  for v in A B; do
    echo "round $i $v gossip: $(gossip $v)"
    echo "round $i $v log:"; logbench $v | sed 's/^/    /'
  done
done
