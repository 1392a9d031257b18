# For interactive shells: `. scripts/env.sh` sets JAVA_HOME (JDK >= 21) and MAVEN_OPTS like the scripts do.
. "$(dirname "${BASH_SOURCE[0]}")/find-jdk.sh"
bzzz_find_jdk
