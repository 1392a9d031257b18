#!/bin/sh
# A stand-in for the podman and docker clients (installed under either name) for tests on machines
# without a container engine. It accepts the subset of `run` and `rm` that Bzzz uses and checks it
# the way the real clients do: an unknown flag, a missing image, a mount of a path that does not
# exist, a malformed value or a name already in use fail with exit code 125, the engines' code for
# their own errors. It also insists on what Bzzz must always pass: a working directory (-w) inside
# a read-write mount. It cannot isolate anything (no namespaces, no network cut, no uid switch);
# it runs the command locally in the host directory mounted at the working directory, with only
# the variables named by -e (as a container sees only those).
#
# The "container" runs outside the client's process tree, as a real one does: killing the client
# does not stop it, only `rm -f NAME` does.
#
# State, next to this script in state/: calls (every call's arguments, one per line, then "--"),
# images (the images that exist, one per line), refused (run flags the "host" refuses at container
# start with exit 126, as a runtime does for a cgroup or rlimit it cannot set), containers/NAME/
# (pid and exit code of a run).
set -u
engine=$(basename "$0")
state="$(cd "$(dirname "$0")" && pwd)/state"
mkdir -p "$state/containers"
{
  for a in "$@"; do printf '%s\n' "$a"; done
  printf -- '--\n'
} >>"$state/calls"

fail() {
  printf 'Error: %s\n' "$*" >&2
  exit 125
}

# podman's global --runtime comes before the subcommand
if [ "$engine" = podman ] && [ "${1:-}" = --runtime ]; then
  [ $# -ge 2 ] || fail "flag needs an argument: --runtime"
  shift 2
fi
[ $# -ge 1 ] || fail "missing command"
sub=$1
shift

case $sub in
rm)
  force=no
  while [ $# -gt 0 ]; do
    case $1 in
    -f | --force) force=yes ;;
    -*) fail "unknown flag: $1" ;;
    *) break ;;
    esac
    shift
  done
  [ $# -ge 1 ] || fail "\"$engine rm\" requires at least 1 argument"
  rc=0
  for name in "$@"; do
    c="$state/containers/$name"
    if [ -f "$c/pid" ] && [ ! -f "$c/rc" ] && [ $force = no ]; then
      printf 'Error: cannot remove container %s: container is running: stop the container before removing or force remove\n' "$name" >&2
      rc=2
    elif [ -d "$c" ]; then
      [ -f "$c/pid" ] && kill -s KILL -- "-$(cat "$c/pid")" 2>/dev/null
      rm -rf "$c"
    elif [ $force = no ] || [ "$engine" = docker ]; then
      printf 'Error: no such container: %s\n' "$name" >&2
      rc=1
    fi
  done
  exit $rc
  ;;
run) ;;
*) fail "unrecognized command \`$engine $sub\`" ;;
esac

remove=no
refused=""
stdin=no
name=""
workdir=""
names=""
mounts=""
nl='
'
while [ $# -gt 0 ]; do
  case $1 in
  --*=*)
    opt=${1%%=*}
    val=${1#*=}
    shift
    ;;
  -*)
    opt=$1
    shift
    case $opt in
    --rm | -i | --interactive | -t | --tty | --read-only | --init) val="" ;;
    *)
      [ $# -ge 1 ] || fail "flag needs an argument: $opt"
      val=$1
      shift
      ;;
    esac
    ;;
  *) break ;;
  esac
  # a host whose kernel or runtime refuses a limit (state/refused: one flag per line)
  if grep -qxF -- "$opt" "$state/refused" 2>/dev/null; then
    refused="$opt"
  fi
  case $opt in
  --rm) remove=yes ;;
  -i | --interactive) stdin=yes ;;
  -t | --tty | --read-only | --init) ;;
  --name) name=$val ;;
  --network | --net)
    case $val in
    none | host | bridge | private | slirp4netns | pasta) ;;
    *) fail "unable to find network with name or ID $val: network not found" ;;
    esac
    ;;
  --cap-drop | --cap-add)
    echo "$val" | grep -Eq '^(ALL|(CAP_)?[A-Z_]+)(,(CAP_)?[A-Z_]+)*$' || fail "invalid capability: $val"
    ;;
  --security-opt)
    case $val in
    no-new-privileges | no-new-privileges:true | label=* | seccomp=* | apparmor=*) ;;
    *) fail "invalid --security-opt: $val" ;;
    esac
    ;;
  --runtime) ;;
  --ulimit) echo "$val" | grep -Eq '^[a-z]+=-?[0-9]+(:-?[0-9]+)?$' || fail "invalid ulimit: $val" ;;
  --pids-limit) echo "$val" | grep -Eq '^-?[0-9]+$' || fail "invalid argument \"$val\" for \"--pids-limit\"" ;;
  --memory | -m) echo "$val" | grep -Eq '^[0-9]+[bkmgBKMG]?$' || fail "invalid argument \"$val\" for \"$opt\"" ;;
  --cpus) echo "$val" | grep -Eq '^[0-9]+(\.[0-9]+)?$' || fail "invalid argument \"$val\" for \"--cpus\"" ;;
  --user | -u) echo "$val" | grep -Eq '^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$' || fail "invalid user: $val" ;;
  --tmpfs) case $val in /*) ;; *) fail "invalid tmpfs destination $val: must be an absolute path" ;; esac ;;
  -w | --workdir) case $val in /*) workdir=$val ;; *) fail "the working directory $val is invalid: it must be absolute" ;; esac ;;
  -e | --env)
    key=${val%%=*}
    echo "$key" | grep -Eq '^[A-Za-z_][A-Za-z0-9_]*$' || fail "invalid environment variable: $val"
    case $val in *=*) export "$val" ;; esac
    names="$names $key"
    ;;
  -v | --volume)
    src=${val%%:*}
    rest=${val#*:}
    [ "$rest" != "$val" ] || fail "invalid volume specification: $val"
    dst=${rest%%:*}
    opts=""
    [ "$dst" = "$rest" ] || opts=${rest#*:}
    case $src in /*) ;; *) fail "invalid volume specification: $val: named volumes are not used here" ;; esac
    case $dst in /*) ;; *) fail "invalid container path \"$dst\", must be an absolute path" ;; esac
    [ -e "$src" ] || fail "statfs $src: no such file or directory"
    mode=rw
    for o in $(echo "$opts" | tr ',' ' '); do
      case $o in
      rw | ro) mode=$o ;;
      z | Z) ;;
      *) fail "invalid mount option $o in $val" ;;
      esac
    done
    mounts="$mounts$dst|$src|$mode$nl"
    ;;
  *) fail "unknown flag: $opt" ;;
  esac
done

[ $# -ge 1 ] || fail "\"$engine run\" requires at least 1 argument"
image=$1
shift
grep -qxF "$image" "$state/images" 2>/dev/null || fail "$image: image not known"
if [ -n "$refused" ]; then
  printf 'Error: OCI runtime error: %s: operation not permitted\n' "$refused" >&2
  exit 126
fi
[ $# -ge 1 ] || set -- sh

# Bzzz's own contract: a working directory inside a read-write mount.
[ -n "$workdir" ] || fail "fake engine: no working directory (-w)"
hostdir=""
old_ifs=$IFS
IFS=$nl
for m in $mounts; do
  dst=${m%%|*}
  rest=${m#*|}
  src=${rest%%|*}
  mode=${rest#*|}
  case $workdir in
  "$dst") [ "$mode" = rw ] && hostdir=$src ;;
  "$dst"/*) [ "$mode" = rw ] && hostdir=$src${workdir#"$dst"} ;;
  esac
done
IFS=$old_ifs
[ -n "$hostdir" ] || fail "fake engine: the working directory $workdir is not inside a read-write mount"

[ -n "$name" ] || name="fake-$$"
c="$state/containers/$name"
mkdir "$c" 2>/dev/null || fail "the container name \"$name\" is already in use"

# Only the variables named by -e reach the container.
for key in $names; do
  if eval "[ -n \"\${$key+set}\" ]"; then
    eval "value=\$$key"
    set -- "$key=$value" "$@"
  fi
done

# The container: its own session (so rm -f can kill all of it) outside the client's tree.
(
  (
    cd "$hostdir" || exit 1
    if [ $stdin = yes ]; then
      setsid env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/ "$@" &
    else
      setsid env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/ "$@" </dev/null &
    fi
    echo $! >"$c/pid"
    wait $!
    echo $? >"$c/rc.tmp" && mv "$c/rc.tmp" "$c/rc"
  ) &
)

while [ ! -f "$c/rc" ]; do
  [ -d "$c" ] || exit 137 # removed while running (rm -f)
  sleep 0.05
done
rc=$(cat "$c/rc")
[ $remove = yes ] && rm -rf "$c"
exit "$rc"
