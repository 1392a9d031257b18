# Sourced by ./bzzz, .ci/run and the bench scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME, then the JDKs under /usr/lib/jvm (newest first), then `javac` on the PATH.

bzzz_jdk_major() { # prints the major version of the JDK at $1, or nothing
  local v
  [ -x "$1/bin/javac" ] && [ -x "$1/bin/java" ] || return 0
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  case "$v" in 1.*) echo "${v#1.}" ;; *) echo "$v" ;; esac
}

bzzz_find_jdk() {
  local candidate major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${candidate%/}"); done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for candidate in "${candidates[@]}"; do
    major=$(bzzz_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      # Maven's bundled Guava touches sun.misc.Unsafe; JDK 23+ warns about it on every run.
      if [ "$major" -ge 23 ] && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe* ]]; then
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
      fi
      return 0
    fi
  done
  echo "bzzz: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm/*, and javac on the PATH)." >&2
  echo "bzzz: install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
  return 1
}
