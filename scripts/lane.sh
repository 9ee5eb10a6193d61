#!/usr/bin/env bash
# `scripts/lane.sh NAME COMMAND...`: COMMAND in a private lane, so a second stack (same container names, same
# loopback ports) runs beside the machine's own: its own network, mount and PID namespaces, /run and /tmp, Docker
# engine (data under the lane's directory), stack data dir (CDC_CHAOS_DATA) and a copy-on-write view of the
# repository (an overlay: a rebuild of out/ or dist/ in the lane leaves the machine's files alone). reports/ inside
# the lane is reports/NAME/ outside, so nothing collides and the reports stay after the lane. Everything else the
# lane made is undone on every way out: its containers removed and its engine stopped (a trap inside), its
# directory removed (a trap outside), and if even that is killed, the PID namespace ends with its first process
# (nothing in it outlives it) and the next lane removes the orphaned directory. Needs root. Exit code: COMMAND's.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

die() { echo "[lane] ERROR: $*" >&2; exit 1; }

if [ "${1:-}" != --inside ]; then
  [ $# -ge 2 ] || die "usage: scripts/lane.sh NAME COMMAND..."
  name=$1
  shift
  [ "$(id -u)" = 0 ] || die "a lane needs root (namespaces, mounts, a Docker engine): run as root"
  for tool in unshare ip dockerd; do
    command -v "$tool" >/dev/null || die "$tool is missing: run scripts/setup.sh (Debian packages util-linux, iproute2, docker.io)"
  done
  base=${CDC_CHAOS_LANES_DIR:-/var/lib/cdc-chaos/lanes}
  mkdir -p "$base" "reports/$name"
  # Orphans of lanes whose namespace is gone (the pid in `owner` is the lane's unshare, alive while the lane is).
  for old in "$base"/*/; do
    [ -f "$old/owner" ] && ! kill -0 "$(cat "$old/owner")" 2>/dev/null && rm -rf "$old"
  done
  dir=$(mktemp -d "$base/$name.XXXXXX")
  mkdir -p "$dir/docker" "$dir/data" "$dir/upper" "$dir/work" "$dir/reports"
  unshare --net --mount --pid --fork --kill-child --mount-proc --propagation private \
    bash "$0" --inside "$dir" "$name" "$@" &
  ns=$!
  echo "$ns" >"$dir/owner"
  # The lane's first process (PID 1 inside) cleans up on TERM; unshare itself ignores TERM.
  finish() {
    if kill -0 "$ns" 2>/dev/null; then
      local first
      first=$(cat "/proc/$ns/task/$ns/children" 2>/dev/null || true)
      [ -z "$first" ] || kill -TERM "$first" 2>/dev/null || true
      for _ in $(seq 120); do kill -0 "$ns" 2>/dev/null || break; sleep 0.5; done
      # Its first process killed ends the PID namespace, and with it everything still running in the lane.
      kill -KILL "$ns" 2>/dev/null || true
      wait "$ns" 2>/dev/null || true
    fi
    rm -rf "$dir"
  }
  trap finish EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  code=0
  wait "$ns" || code=$?
  exit "$code"
fi

# ---- inside: PID 1 of the lane's namespaces ----
dir=$2
name=$3
shift 3
mount -t tmpfs tmpfs /run
mkdir -p /run/lock /run/user
mount -t tmpfs tmpfs /tmp
# reports/NAME is held by a mount outside the repository first: once the overlay covers the repository, that path
# would lead into the overlay.
mount --bind "$repo/reports/$name" "$dir/reports"
mount -t overlay overlay -o "lowerdir=$repo,upperdir=$dir/upper,workdir=$dir/work" "$repo"
mount --bind "$dir/reports" "$repo/reports"
cd "$repo" # the overlay, not the directory under it
ip link set lo up
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_API_VERSION
export CDC_CHAOS_DATA=$dir/data

dockerd --data-root "$dir/docker" >reports/dockerd.log 2>&1 &
dockerd_pid=$!
cleanup() {
  local ids
  ids=$(docker ps -aq 2>/dev/null || true)
  # shellcheck disable=SC2086 # one id per word
  [ -z "$ids" ] || docker rm -f -v $ids >/dev/null 2>&1 || true
  kill -TERM "$dockerd_pid" 2>/dev/null || true
  for _ in $(seq 60); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.5; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
deadline=$((SECONDS + 60))
until docker info >/dev/null 2>&1; do
  kill -0 "$dockerd_pid" 2>/dev/null || die "lane $name: dockerd exited; see reports/$name/dockerd.log"
  [ $SECONDS -lt $deadline ] || die "lane $name: dockerd did not answer within 60 s; see reports/$name/dockerd.log"
  sleep 0.5
done
echo "[lane] $name: namespaces, overlay and Docker engine ready" >&2
# In the background, so a TERM is handled at once rather than after COMMAND.
"$@" &
code=0
wait $! || code=$?
exit "$code"
