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
"$root/bzzz" --version >/dev/null # builds the CLI jar; its lib/ holds bzzz-log and its dependencies
classpath="$root/bzzz-cli/target/bzzz.jar:$root/bzzz-cli/target/lib/*"

echo "== npm hypercore (anchor) ==" >&2
node "$root/bench/log/hypercore-bench.mjs" "$single" "$batches" "$dir"
echo "== bzzz ==" >&2
"$JAVA_HOME/bin/java" -cp "$classpath" "$root/bench/log/LogBench.java" "$single" "$batches" "$dir"
