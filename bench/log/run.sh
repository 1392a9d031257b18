#!/usr/bin/env bash
# Log benchmark: Bzzz's signed log beside npm hypercore@11.37.1, measured in the same run, on the
# same disk. Usage: bench/log/run.sh [single-appends] [batches-of-100] [dir]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/scripts/find-jdk.sh"
bzzz_find_jdk
single="${1:-3000}"
batches="${2:-500}"
dir="${3:-${TMPDIR:-/tmp}}"

cd "$root"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
# In the reactor (-am), sibling modules resolve to their target/classes, never to ~/.m2.
mvn -q -B -Dspotless.check.skip=true -pl bzzz-log -am compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >&2
classpath="$root/bzzz-log/target/classes:$(cat "$cp_file")"

echo "== npm hypercore (anchor) ==" >&2
node "$root/bench/log/hypercore-bench.mjs" "$single" "$batches" "$dir"
echo "== bzzz ==" >&2
"$JAVA_HOME/bin/java" -cp "$classpath" "$root/bench/log/LogBench.java" "$single" "$batches" "$dir"
